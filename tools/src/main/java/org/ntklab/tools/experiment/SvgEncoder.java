package org.ntklab.tools.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GraphicsConfiguration;
import java.awt.Image;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.BufferedImageOp;
import java.awt.image.ImageObserver;
import java.awt.image.RenderedImage;
import java.awt.image.renderable.RenderableImage;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.text.AttributedCharacterIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;
import org.knowm.xchart.internal.chartpart.Axis;
import org.knowm.xchart.internal.chartpart.AxisPair;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes an XChart chart as a compact SVG whose text is real {@code <text>} elements.
 *
 * <p>XChart paints every string as a glyph outline ({@code TextLayout.getOutline} then
 * {@code Graphics2D.fill}), so no Graphics2D ever sees the text. This encoder paints the chart on
 * JFreeSVG's {@link SVGGraphics2D} (coordinates with 2 decimals) through a delegating Graphics2D
 * that recognises those outlines: a filled path that equals, up to a translation, the outline of one
 * of the chart's strings (title, axis titles, series names, tick labels) in the current font is
 * written as {@code drawString} of that string instead. Anything not recognised is drawn as it came,
 * so the picture is the same either way.
 */
final class SvgEncoder {

    private SvgEncoder() {
    }

    /** The SVG document of {@code chart} at its own width and height. */
    static byte[] encode(Chart<?, ?> chart) {
        SVGGraphics2D svg = new SVGGraphics2D(chart.getWidth(), chart.getHeight());
        svg.setGeomDoubleConverter(SVGUtils.createDoubleConverter(2));
        svg.setTransformDoubleConverter(SVGUtils.createDoubleConverter(3));
        TextRecovery recovery = new TextRecovery(chart);
        Recovering g = new Recovering(svg, recovery);
        chart.paint(g, chart.getWidth(), chart.getHeight());
        g.flush();
        String doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg.getSVGElement() + "\n";
        return doc.getBytes(StandardCharsets.UTF_8);
    }

    /** The strings a chart can paint, and their outlines per font and render context. */
    static final class TextRecovery {
        private static final double[] ANGLES = {0, -Math.PI / 2, Math.PI / 2};
        private static final double TOLERANCE = 1e-3;
        private final Chart<?, ?> chart;
        private final Set<String> strings = new LinkedHashSet<>();
        private final Map<List<Object>, Map<Long, List<Candidate>>> byFont = new HashMap<>();
        private final Map<List<Object>, Set<String>> laidOut = new HashMap<>();

        TextRecovery(Chart<?, ?> chart) {
            this.chart = chart;
        }

        record Candidate(String text, double angle, double minX, double minY, double[] coords, int[] types) {
        }

        /** The candidate whose outline {@code shape} is, or null. */
        Candidate match(Shape shape, Font font, FontRenderContext frc) {
            if (!(shape instanceof Path2D) || font == null) {
                return null;
            }
            Outline o = Outline.of(shape);
            if (o == null) {
                return null;
            }
            List<Object> key = List.of(font, frc);
            Map<Long, List<Candidate>> table = byFont.computeIfAbsent(key, k -> new HashMap<>());
            Candidate c = find(table, o);
            if (c == null && refresh(key, table, font, frc)) {
                c = find(table, o);
            }
            return c;
        }

        private static Candidate find(Map<Long, List<Candidate>> table, Outline o) {
            List<Candidate> list = table.get(o.signature());
            if (list == null) {
                return null;
            }
            for (Candidate c : list) {
                if (Arrays.equals(c.types(), o.types()) && close(c.coords(), o.coords())) {
                    return c;
                }
            }
            return null;
        }

        private static boolean close(double[] a, double[] b) {
            if (a.length != b.length) {
                return false;
            }
            for (int i = 0; i < a.length; i++) {
                if (Math.abs(a[i] - b[i]) > TOLERANCE) {
                    return false;
                }
            }
            return true;
        }

        /** Lays out the strings not yet laid out in this font; true when any were added. */
        private boolean refresh(List<Object> key, Map<Long, List<Candidate>> table, Font font, FontRenderContext frc) {
            collect();
            Set<String> done = laidOut.computeIfAbsent(key, k -> new LinkedHashSet<>());
            boolean added = false;
            for (String s : strings) {
                if (!done.add(s)) {
                    continue;
                }
                TextLayout layout = new TextLayout(s, font, frc);
                for (double angle : ANGLES) {
                    Outline o = Outline.of(layout.getOutline(AffineTransform.getRotateInstance(angle)));
                    if (o != null) {
                        table.computeIfAbsent(o.signature(), k -> new ArrayList<>())
                                .add(new Candidate(s, angle, o.minX(), o.minY(), o.coords(), o.types()));
                        added = true;
                    }
                }
            }
            return added;
        }

        /** The chart's strings; tick labels exist only once painting has started. */
        private void collect() {
            add(chart.getTitle());
            add(chart.getXAxisTitle());
            add(chart.getYAxisTitle());
            for (Object name : chart.getSeriesMap().keySet()) {
                add((String) name);
            }
            try {
                Field f = Chart.class.getDeclaredField("axisPair");
                f.setAccessible(true);
                if (f.get(chart) instanceof AxisPair<?, ?> pair) {
                    List<Axis<?, ?>> axes = new ArrayList<>();
                    axes.add(pair.getXAxis());
                    Field y = AxisPair.class.getDeclaredField("yAxisMap");
                    y.setAccessible(true);
                    if (y.get(pair) instanceof Map<?, ?> ys) {
                        for (Object a : ys.values()) {
                            axes.add((Axis<?, ?>) a);
                        }
                    }
                    for (Axis<?, ?> axis : axes) {
                        if (axis != null && axis.getAxisTickCalculator() != null) {
                            axis.getAxisTickCalculator().getTickLabels().forEach(this::add);
                        }
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // tick labels then stay outlines: the picture is the same, only not searchable
            }
        }

        private void add(String s) {
            if (s == null) {
                return;
            }
            for (String line : s.split("\n")) {
                if (!line.isBlank()) {
                    strings.add(line);
                }
            }
        }
    }

    /** A path's segments relative to its bounding box, and a cheap signature of them. */
    record Outline(double minX, double minY, double[] coords, int[] types, long signature) {
        private static final int MAX_SEGMENTS = 4000;

        static Outline of(Shape s) {
            Rectangle2D b = s.getBounds2D();
            if (b.isEmpty()) {
                return null;
            }
            double[] seg = new double[6];
            double[] coords = new double[64];
            int[] types = new int[16];
            int n = 0;
            int m = 0;
            for (PathIterator it = s.getPathIterator(null); !it.isDone(); it.next()) {
                int type = it.currentSegment(seg);
                if (m == types.length) {
                    if (m >= MAX_SEGMENTS) {
                        return null;
                    }
                    types = Arrays.copyOf(types, 2 * m);
                }
                types[m++] = type;
                int k = switch (type) {
                    case PathIterator.SEG_MOVETO, PathIterator.SEG_LINETO -> 2;
                    case PathIterator.SEG_QUADTO -> 4;
                    case PathIterator.SEG_CUBICTO -> 6;
                    default -> 0;
                };
                if (n + k > coords.length) {
                    coords = Arrays.copyOf(coords, 2 * coords.length + k);
                }
                for (int i = 0; i < k; i += 2) {
                    coords[n++] = seg[i] - b.getX();
                    coords[n++] = seg[i + 1] - b.getY();
                }
            }
            long sig = ((long) m << 40) ^ ((long) Math.round(b.getWidth() * 4) << 20) ^ Math.round(b.getHeight() * 4);
            return new Outline(b.getX(), b.getY(), Arrays.copyOf(coords, n), Arrays.copyOf(types, m), sig);
        }
    }

    /** Delegates everything to the SVG graphics, except glyph outlines it recognises, drawn as text. */
    static final class Recovering extends Graphics2D {
        private final Graphics2D g;
        private static final double MAX_DOT = 24;
        private final TextRecovery recovery;
        private Path2D batch;
        private boolean dots;
        private double dotSize;
        private Paint batchPaint;

        Recovering(Graphics2D g, TextRecovery recovery) {
            this.g = g;
            this.recovery = recovery;
        }

        /** Makes the batch one of dots of this size (or of solids), flushing one of another kind. */
        private void pending(boolean dot, double size) {
            if (batch != null && (dots != dot || dotSize != size || !batchPaint.equals(g.getPaint()))) {
                flush();
            }
            if (batch == null) {
                batch = new Path2D.Double();
                dots = dot;
                dotSize = size;
                batchPaint = g.getPaint();
            }
        }

        /** Draws the pending batch of markers, if any. */
        void flush() {
            if (batch == null) {
                return;
            }
            Path2D path = batch;
            batch = null;
            if (!dots) {
                g.fill(path);
                return;
            }
            Stroke saved = g.getStroke();
            g.setStroke(new BasicStroke((float) dotSize, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(path);
            g.setStroke(saved);
        }

        /**
         * Small filled shapes (scatter markers) are batched: a run of them in one paint, transform
         * and clip becomes a single {@code <path>}; circles become zero-length round-capped strokes
         * (about 30 bytes a marker instead of a 130-byte {@code <ellipse>} element each).
         */
        @Override
        public void fill(Shape s) {
            if (s instanceof Ellipse2D e && e.getWidth() == e.getHeight() && e.getWidth() > 0 && e.getWidth() <= MAX_DOT) {
                pending(true, e.getWidth());
                batch.moveTo(e.getCenterX(), e.getCenterY());
                batch.lineTo(e.getCenterX(), e.getCenterY());
                return;
            }
            TextRecovery.Candidate c = recovery.match(s, g.getFont(), g.getFontRenderContext());
            if (c == null) {
                Rectangle2D r = s.getBounds2D();
                if (r.getWidth() <= MAX_DOT && r.getHeight() <= MAX_DOT) {
                    pending(false, 0);
                    batch.append(s, false);
                } else {
                    flush();
                    g.fill(s);
                }
                return;
            }
            flush();
            Rectangle2D b = s.getBounds2D();
            AffineTransform saved = g.getTransform();
            g.translate(b.getX() - c.minX(), b.getY() - c.minY());
            g.rotate(c.angle());
            g.drawString(c.text(), 0f, 0f);
            g.setTransform(saved);
        }

        @Override
        public Graphics create() {
            return new Recovering((Graphics2D) g.create(), recovery);
        }

        @Override
        public void draw(Shape s) {
            flush();
            g.draw(s);
        }

        @Override
        public boolean drawImage(Image img, AffineTransform xform, ImageObserver obs) {
            flush();
            return g.drawImage(img, xform, obs);
        }

        @Override
        public void drawImage(BufferedImage img, BufferedImageOp op, int x, int y) {
            flush();
            g.drawImage(img, op, x, y);
        }

        @Override
        public void drawRenderedImage(RenderedImage img, AffineTransform xform) {
            flush();
            g.drawRenderedImage(img, xform);
        }

        @Override
        public void drawRenderableImage(RenderableImage img, AffineTransform xform) {
            flush();
            g.drawRenderableImage(img, xform);
        }

        @Override
        public void drawString(String str, int x, int y) {
            flush();
            g.drawString(str, x, y);
        }

        @Override
        public void drawString(String str, float x, float y) {
            flush();
            g.drawString(str, x, y);
        }

        @Override
        public void drawString(AttributedCharacterIterator it, int x, int y) {
            flush();
            g.drawString(it, x, y);
        }

        @Override
        public void drawString(AttributedCharacterIterator it, float x, float y) {
            flush();
            g.drawString(it, x, y);
        }

        @Override
        public void drawGlyphVector(GlyphVector gv, float x, float y) {
            flush();
            g.drawGlyphVector(gv, x, y);
        }

        @Override
        public boolean hit(Rectangle rect, Shape s, boolean onStroke) {
            return g.hit(rect, s, onStroke);
        }

        @Override
        public GraphicsConfiguration getDeviceConfiguration() {
            return g.getDeviceConfiguration();
        }

        @Override
        public void setComposite(Composite comp) {
            if (!java.util.Objects.equals(comp, g.getComposite())) {
                flush();
            }
            g.setComposite(comp);
        }

        @Override
        public void setPaint(Paint paint) {
            if (!java.util.Objects.equals(paint, g.getPaint())) {
                flush();
            }
            g.setPaint(paint);
        }

        @Override
        public void setStroke(Stroke s) {
            g.setStroke(s);
        }

        @Override
        public void setRenderingHint(RenderingHints.Key hintKey, Object hintValue) {
            if (!java.util.Objects.equals(hintValue, g.getRenderingHint(hintKey))) {
                flush();
            }
            g.setRenderingHint(hintKey, hintValue);
        }

        @Override
        public Object getRenderingHint(RenderingHints.Key hintKey) {
            return g.getRenderingHint(hintKey);
        }

        @Override
        public void setRenderingHints(Map<?, ?> hints) {
            flush();
            g.setRenderingHints(hints);
        }

        @Override
        public void addRenderingHints(Map<?, ?> hints) {
            flush();
            g.addRenderingHints(hints);
        }

        @Override
        public RenderingHints getRenderingHints() {
            return g.getRenderingHints();
        }

        @Override
        public void translate(int x, int y) {
            flush();
            g.translate(x, y);
        }

        @Override
        public void translate(double tx, double ty) {
            flush();
            g.translate(tx, ty);
        }

        @Override
        public void rotate(double theta) {
            flush();
            g.rotate(theta);
        }

        @Override
        public void rotate(double theta, double x, double y) {
            flush();
            g.rotate(theta, x, y);
        }

        @Override
        public void scale(double sx, double sy) {
            flush();
            g.scale(sx, sy);
        }

        @Override
        public void shear(double shx, double shy) {
            flush();
            g.shear(shx, shy);
        }

        @Override
        public void transform(AffineTransform tx) {
            flush();
            g.transform(tx);
        }

        @Override
        public void setTransform(AffineTransform tx) {
            if (!java.util.Objects.equals(tx, g.getTransform())) {
                flush();
            }
            g.setTransform(tx);
        }

        @Override
        public AffineTransform getTransform() {
            return g.getTransform();
        }

        @Override
        public Paint getPaint() {
            return g.getPaint();
        }

        @Override
        public Composite getComposite() {
            return g.getComposite();
        }

        @Override
        public void setBackground(Color color) {
            g.setBackground(color);
        }

        @Override
        public Color getBackground() {
            return g.getBackground();
        }

        @Override
        public Stroke getStroke() {
            return g.getStroke();
        }

        @Override
        public void clip(Shape s) {
            flush();
            g.clip(s);
        }

        @Override
        public FontRenderContext getFontRenderContext() {
            return g.getFontRenderContext();
        }

        @Override
        public Color getColor() {
            return g.getColor();
        }

        @Override
        public void setColor(Color c) {
            if (!java.util.Objects.equals(c, g.getPaint())) {
                flush();
            }
            g.setColor(c);
        }

        @Override
        public void setPaintMode() {
            flush();
            g.setPaintMode();
        }

        @Override
        public void setXORMode(Color c1) {
            flush();
            g.setXORMode(c1);
        }

        @Override
        public Font getFont() {
            return g.getFont();
        }

        @Override
        public void setFont(Font font) {
            g.setFont(font);
        }

        @Override
        public FontMetrics getFontMetrics(Font f) {
            return g.getFontMetrics(f);
        }

        @Override
        public Rectangle getClipBounds() {
            return g.getClipBounds();
        }

        @Override
        public void clipRect(int x, int y, int width, int height) {
            flush();
            g.clipRect(x, y, width, height);
        }

        @Override
        public void setClip(int x, int y, int width, int height) {
            flush();
            g.setClip(x, y, width, height);
        }

        @Override
        public Shape getClip() {
            return g.getClip();
        }

        @Override
        public void setClip(Shape clip) {
            flush();
            g.setClip(clip);
        }

        @Override
        public void copyArea(int x, int y, int width, int height, int dx, int dy) {
            flush();
            g.copyArea(x, y, width, height, dx, dy);
        }

        @Override
        public void drawLine(int x1, int y1, int x2, int y2) {
            flush();
            g.drawLine(x1, y1, x2, y2);
        }

        @Override
        public void fillRect(int x, int y, int width, int height) {
            flush();
            g.fillRect(x, y, width, height);
        }

        @Override
        public void clearRect(int x, int y, int width, int height) {
            flush();
            g.clearRect(x, y, width, height);
        }

        @Override
        public void drawRoundRect(int x, int y, int width, int height, int arcWidth, int arcHeight) {
            flush();
            g.drawRoundRect(x, y, width, height, arcWidth, arcHeight);
        }

        @Override
        public void fillRoundRect(int x, int y, int width, int height, int arcWidth, int arcHeight) {
            flush();
            g.fillRoundRect(x, y, width, height, arcWidth, arcHeight);
        }

        @Override
        public void drawOval(int x, int y, int width, int height) {
            flush();
            g.drawOval(x, y, width, height);
        }

        @Override
        public void fillOval(int x, int y, int width, int height) {
            flush();
            g.fillOval(x, y, width, height);
        }

        @Override
        public void drawArc(int x, int y, int width, int height, int startAngle, int arcAngle) {
            flush();
            g.drawArc(x, y, width, height, startAngle, arcAngle);
        }

        @Override
        public void fillArc(int x, int y, int width, int height, int startAngle, int arcAngle) {
            flush();
            g.fillArc(x, y, width, height, startAngle, arcAngle);
        }

        @Override
        public void drawPolyline(int[] xPoints, int[] yPoints, int nPoints) {
            flush();
            g.drawPolyline(xPoints, yPoints, nPoints);
        }

        @Override
        public void drawPolygon(int[] xPoints, int[] yPoints, int nPoints) {
            flush();
            g.drawPolygon(xPoints, yPoints, nPoints);
        }

        @Override
        public void fillPolygon(int[] xPoints, int[] yPoints, int nPoints) {
            flush();
            g.fillPolygon(xPoints, yPoints, nPoints);
        }

        @Override
        public boolean drawImage(Image img, int x, int y, ImageObserver observer) {
            flush();
            return g.drawImage(img, x, y, observer);
        }

        @Override
        public boolean drawImage(Image img, int x, int y, int width, int height, ImageObserver observer) {
            flush();
            return g.drawImage(img, x, y, width, height, observer);
        }

        @Override
        public boolean drawImage(Image img, int x, int y, Color bgcolor, ImageObserver observer) {
            flush();
            return g.drawImage(img, x, y, bgcolor, observer);
        }

        @Override
        public boolean drawImage(Image img, int x, int y, int width, int height, Color bgcolor, ImageObserver observer) {
            flush();
            return g.drawImage(img, x, y, width, height, bgcolor, observer);
        }

        @Override
        public boolean drawImage(Image img, int dx1, int dy1, int dx2, int dy2, int sx1, int sy1, int sx2, int sy2,
                ImageObserver observer) {
            flush();
            return g.drawImage(img, dx1, dy1, dx2, dy2, sx1, sy1, sx2, sy2, observer);
        }

        @Override
        public boolean drawImage(Image img, int dx1, int dy1, int dx2, int dy2, int sx1, int sy1, int sx2, int sy2,
                Color bgcolor, ImageObserver observer) {
            flush();
            return g.drawImage(img, dx1, dy1, dx2, dy2, sx1, sy1, sx2, sy2, bgcolor, observer);
        }

        @Override
        public void dispose() {
            flush();
            g.dispose();
        }
    }
}
