package org.ntklab.tools.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ntklab.eigen.PowerLawFit;
import org.ntklab.tools.output.AtomicFiles;

/**
 * The project's one figure style. White background, legend below the plot (never over the data),
 * large fonts, every decade labelled on log axes; one colour and marker per {@link Meaning} in every
 * figure; error bars and bands from replicates; the theory as a dashed guide; SVG with real text
 * and PNG tagged 150 dpi.
 */
public final class Plots {

    private Plots() {
    }

    /** Design size in pixels: a PNG at {@link #DPI} is 6.7 × 5.1 inches. */
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 760;
    /** Resolution written into the PNG's pHYs chunk. */
    public static final int DPI = 150;

    /**
     * The categorical palette (Okabe–Ito, colour-blind safe): entry i is always the same colour, the
     * colour of {@link Meaning#series(int) Meaning.series(i)}. Points and their fitted line share one.
     */
    public static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x8C6D00)};

    private static final Color THEORY_GREY = new Color(0x505050);
    private static final Marker[] SERIES_MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
        SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE};

    /**
     * What a series is, and therefore how it looks in every figure: a fixed colour, marker and line.
     * A fitted line takes the meaning of what it fits (same colour, drawn as a line).
     */
    public enum Meaning {
        /** Networks at the standard (random) initialisation; measured values. */
        STANDARD_INIT(PALETTE[0], SeriesMarkers.CIRCLE, SeriesLines.SOLID),
        /** Networks at the mirrored (antisymmetric) initialisation. */
        MIRRORED_INIT(PALETTE[1], SeriesMarkers.SQUARE, SeriesLines.SOLID),
        /** The infinite-width kernel limit. */
        KERNEL_LIMIT(Color.BLACK, SeriesMarkers.CROSS, SeriesLines.SOLID),
        /** An analytic (closed-form) value. */
        ANALYTIC(Color.BLACK, SeriesMarkers.CROSS, SeriesLines.SOLID),
        /** A theorem's prediction: dark grey, dashed. */
        THEORY(THEORY_GREY, SeriesMarkers.NONE, SeriesLines.DASH_DASH),
        /** A measured quantity with nothing else to tell it from. */
        MEASURED(PALETTE[0], SeriesMarkers.CIRCLE, SeriesLines.SOLID),
        /** A fit of {@link #MEASURED}: its colour, as a line. */
        FIT(PALETTE[0], SeriesMarkers.NONE, SeriesLines.SOLID),
        SERIES_0(PALETTE[0], SERIES_MARKERS[0], SeriesLines.SOLID),
        SERIES_1(PALETTE[1], SERIES_MARKERS[1], SeriesLines.SOLID),
        SERIES_2(PALETTE[2], SERIES_MARKERS[2], SeriesLines.SOLID),
        SERIES_3(PALETTE[3], SERIES_MARKERS[3], SeriesLines.SOLID),
        SERIES_4(PALETTE[4], SERIES_MARKERS[4], SeriesLines.SOLID),
        SERIES_5(PALETTE[5], SERIES_MARKERS[5], SeriesLines.SOLID),
        SERIES_6(PALETTE[6], SERIES_MARKERS[6], SeriesLines.SOLID);

        private static final Meaning[] SERIES = {SERIES_0, SERIES_1, SERIES_2, SERIES_3, SERIES_4, SERIES_5, SERIES_6};

        private final Color colour;
        private final Marker marker;
        private final BasicStroke line;

        Meaning(Color colour, Marker marker, BasicStroke line) {
            this.colour = colour;
            this.marker = marker;
            this.line = line;
        }

        /** The i-th categorical series (several d or N values): i and i + 7 share a colour. */
        public static Meaning series(int i) {
            return SERIES[Math.floorMod(i, SERIES.length)];
        }

        public Color colour() {
            return colour;
        }

        public Marker marker() {
            return marker;
        }

        /** The line stroke (solid, or dashed for {@link #THEORY}). */
        public BasicStroke line() {
            return line;
        }

        /** The colour with the given opacity (0..255), for bands. */
        public Color translucent(int alpha) {
            return new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), alpha);
        }
    }

    /** An empty XY chart; put units or symbols in the axis titles, e.g. "n (training points)". */
    public static XYChart chart(String title, String xTitle, String yTitle, boolean logX, boolean logY) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        XYStyler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.DARK_GRAY);
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Vertical);
        s.setLegendBorderColor(new Color(0xBBBBBB));
        s.setAxisTickLabelsColor(Color.BLACK);
        s.setAxisTickMarkLength(6);
        s.setXAxisLogarithmic(logX);
        s.setYAxisLogarithmic(logY);
        // log axes: a tick, grid line and label at every decade and nowhere else, so labels never
        // crowd (XChart prints 0.001 .. 1000 in plain decimals, the rest as 1E-5, 1E4)
        s.setXAxisLogarithmicDecadeOnly(true);
        s.setYAxisLogarithmicDecadeOnly(true);
        s.setXAxisTickMarkSpacingHint(90);
        s.setYAxisTickMarkSpacingHint(60);
        // solid light grid: XChart fills the stroked outline of each grid line, and a dashed one
        // becomes hundreds of tiny rectangles per line in the SVG
        s.setPlotGridLinesColor(new Color(0xE6E6E6));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setMarkerSize(7);
        return c;
    }

    /** Gives {@code s} the colour, marker and line of {@code m}. */
    public static XYSeries style(XYSeries s, Meaning m) {
        s.setMarkerColor(m.colour());
        s.setLineColor(m.colour());
        s.setLineStyle(m.line());
        if (s.getMarker() != SeriesMarkers.NONE && m.marker() != SeriesMarkers.NONE) {
            s.setMarker(m.marker());
        }
        return s;
    }

    /** Adds measured points (markers only). */
    public static XYSeries points(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = c.addSeries(unique(c, name), x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        return s;
    }

    /** Adds measured points in the colour and marker of {@code m}. */
    public static XYSeries points(XYChart c, String name, double[] x, double[] y, Meaning m) {
        XYSeries s = points(c, name, x, y);
        s.setMarker(m.marker() == SeriesMarkers.NONE ? SeriesMarkers.CIRCLE : m.marker());
        s.setMarkerColor(m.colour());
        return s;
    }

    /** Adds a line through the points. */
    public static XYSeries line(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = c.addSeries(unique(c, name), x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    /** Adds a line through the points in the colour and stroke of {@code m}. */
    public static XYSeries line(XYChart c, String name, double[] x, double[] y, Meaning m) {
        return style(line(c, name, x, y), m);
    }

    /** Adds a fitted power law a·x^b over the range of x (a line on log-log axes). */
    public static XYSeries powerLaw(XYChart c, String name, double[] x, PowerLawFit fit) {
        double[] r = range(x);
        double[] xs = {r[0], r[1]};
        double[] ys = {fit.at(r[0]), fit.at(r[1])};
        return line(c, name, xs, ys);
    }

    /** Adds a fitted power law in the colour of what it fits ({@code m}), as a solid line. */
    public static XYSeries powerLaw(XYChart c, String name, double[] x, PowerLawFit fit, Meaning m) {
        XYSeries s = powerLaw(c, name, x, fit);
        s.setLineColor(m.colour());
        s.setLineStyle(SeriesLines.SOLID);
        return s;
    }

    /**
     * Adds points y with a vertical bar from lo[i] to hi[i] at each x[i] (asymmetric bars, e.g. a
     * replicates' percentile range). The bars are one extra series, hidden from the legend, of
     * segments separated by gaps; returns the points' series.
     */
    public static XYSeries errorBars(XYChart c, String name, double[] x, double[] y, double[] lo, double[] hi, Meaning m) {
        int n = x.length;
        if (y.length != n || lo.length != n || hi.length != n) {
            throw new IllegalArgumentException("x, y, lo and hi differ in length");
        }
        double[] bx = new double[3 * n];
        double[] by = new double[3 * n];
        for (int i = 0; i < n; i++) {
            bx[3 * i] = x[i];
            bx[3 * i + 1] = x[i];
            bx[3 * i + 2] = x[i];
            by[3 * i] = lo[i];
            by[3 * i + 1] = hi[i];
            by[3 * i + 2] = Double.NaN;
        }
        XYSeries bars = c.addSeries(unique(c, name + " (range)"), bx, by);
        bars.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        bars.setMarker(SeriesMarkers.NONE);
        bars.setLineColor(m.colour());
        bars.setLineStyle(new BasicStroke(1.5f));
        bars.setShowInLegend(false);
        return points(c, name, x, y, m);
    }

    /**
     * Adds a translucent band between lo and hi over x (e.g. the 10th to 90th percentile of the
     * replicates), outlined thinly in the colour of {@code m}; one legend entry.
     */
    public static XYSeries band(XYChart c, String name, double[] x, double[] lo, double[] hi, Meaning m) {
        int n = x.length;
        if (lo.length != n || hi.length != n) {
            throw new IllegalArgumentException("x, lo and hi differ in length");
        }
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = hi[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = lo[i];
        }
        XYSeries s = c.addSeries(unique(c, name), px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(m.translucent(60));
        s.setLineColor(m.translucent(140));
        s.setLineStyle(new BasicStroke(1f));
        return s;
    }

    /**
     * Adds the theory's curve y = f(x) over the range of x as a dashed dark grey guide, sampled at
     * 200 points (log-spaced when the x axis is logarithmic); points where f is not finite, or not
     * positive on a log y axis, are left out.
     */
    public static XYSeries theory(XYChart c, String name, double[] x, DoubleUnaryOperator f) {
        double[] r = range(x);
        boolean logX = c.getStyler().isXAxisLogarithmic();
        boolean logY = c.getStyler().isYAxisLogarithmic();
        int k = r[0] == r[1] ? 1 : 200;
        double[] xs = new double[k];
        double[] ys = new double[k];
        for (int i = 0; i < k; i++) {
            double t = k == 1 ? 0 : i / (k - 1.0);
            xs[i] = logX ? Math.exp(Math.log(r[0]) + t * (Math.log(r[1]) - Math.log(r[0]))) : r[0] + t * (r[1] - r[0]);
            double v = f.applyAsDouble(xs[i]);
            ys[i] = Double.isFinite(v) && (!logY || v > 0) ? v : Double.NaN;
        }
        return line(c, name, xs, ys, Meaning.THEORY);
    }

    /**
     * Adds a power-law guide y = y0 (x / x0)^exponent from x0 to x1 (a straight line of slope
     * {@code exponent} on log-log axes), dashed dark grey like {@link #theory}.
     */
    public static XYSeries slopeGuide(XYChart c, String name, double x0, double y0, double x1, double exponent) {
        double[] xs = {x0, x1};
        double[] ys = {y0, y0 * Math.pow(x1 / x0, exponent)};
        XYSeries s = line(c, name, xs, ys, Meaning.THEORY);
        s.setLineStyle(SeriesLines.DOT_DOT);
        s.setLineWidth(2f);
        return s;
    }

    /**
     * Writes {@code NAME.png} (tagged {@value #DPI} dpi) and {@code NAME.svg} (text as
     * {@code <text>}, coordinates to 2 decimals) into {@code dir} atomically; returns both paths.
     */
    public static List<Path> save(Chart<?, ?> chart, Path dir, String name) {
        Path png = dir.resolve(name + ".png");
        Path svg = dir.resolve(name + ".svg");
        AtomicFiles.write(png, true, o -> writePng(BitmapEncoder.getBufferedImage(chart), o, DPI));
        AtomicFiles.write(svg, true, o -> o.write(SvgEncoder.encode(chart)));
        return List.of(png, svg);
    }

    /** Writes {@code image} as PNG whose pHYs chunk says {@code dpi}. */
    static void writePng(BufferedImage image, OutputStream out, int dpi) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            String perMetre = Integer.toString((int) Math.round(dpi / 0.0254));
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            phys.setAttribute("pixelsPerUnitXAxis", perMetre);
            phys.setAttribute("pixelsPerUnitYAxis", perMetre);
            phys.setAttribute("unitSpecifier", "meter");
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
            root.appendChild(phys);
            meta.mergeTree("javax_imageio_png_1.0", root);
            writer.setOutput(ios);
            writer.write(null, new IIOImage(image, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    private static double[] range(double[] x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("no x values");
        }
        return new double[] {lo, hi};
    }

    /** {@code name}, or with a counter appended when the chart has a series of that name already (XChart refuses duplicates). */
    static String unique(XYChart c, String name) {
        String n = name;
        for (int k = 2; c.getSeriesMap().containsKey(n); k++) {
            n = name + " (" + k + ")";
        }
        return n;
    }
}
