package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.ntklab.tools.experiment.Plots.Meaning;

class PlotsTest {

    private static final String X_TITLE = "n (training points)";
    private static final String Y_TITLE = "test error";

    /** Log-log axes, 5000 points, error bars, a band, a theory line and a slope guide. */
    static XYChart busyChart() {
        XYChart c = Plots.chart("rates: measured against theory", X_TITLE, Y_TITLE, true, true);
        Random r = new Random(7);
        int n = 5000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.pow(10, 1 + 3.0 * r.nextDouble());
            y[i] = 2 * Math.pow(x[i], -0.5) * Math.exp(0.3 * r.nextGaussian());
        }
        Plots.points(c, "replicates", x, y, Meaning.series(2));
        int k = 12;
        double[] bx = new double[k];
        double[] by = new double[k];
        double[] lo = new double[k];
        double[] hi = new double[k];
        double[] mlo = new double[k];
        double[] mhi = new double[k];
        for (int i = 0; i < k; i++) {
            bx[i] = Math.pow(10, 1 + 3.0 * i / (k - 1));
            by[i] = 2 * Math.pow(bx[i], -0.5);
            lo[i] = by[i] * 0.6;
            hi[i] = by[i] * 1.9;
            mlo[i] = 0.3 * Math.pow(bx[i], -0.8);
            mhi[i] = 0.9 * Math.pow(bx[i], -0.8);
        }
        Plots.errorBars(c, "standard init: median, 10th–90th percentile", bx, by, lo, hi, Meaning.STANDARD_INIT);
        Plots.band(c, "mirrored init: 10th–90th percentile", bx, mlo, mhi, Meaning.MIRRORED_INIT);
        Plots.theory(c, "theory 2 n^(-1/2)", x, v -> 2 * Math.pow(v, -0.5));
        Plots.slopeGuide(c, "slope −0.8", 20, 0.02, 5000, -0.8);
        return c;
    }

    @Test
    void savesCompactSvgWithTextAndPngAt150Dpi(@TempDir Path tmp) throws IOException {
        String where = System.getenv("NTK_PLOTS_TEST_OUT");
        Path dir = where == null ? tmp : Files.createDirectories(Path.of(where));
        List<Path> written = Plots.save(busyChart(), dir, "busy");

        byte[] svgBytes = Files.readAllBytes(written.get(1));
        assertTrue(svgBytes.length < 500_000, "SVG is " + svgBytes.length + " bytes");
        String svg = new String(svgBytes, StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>();
        Matcher m = Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(svg);
        while (m.find()) {
            texts.add(m.group(1).trim());
        }
        assertTrue(texts.contains(X_TITLE), "x axis title as <text>: " + texts);
        assertTrue(texts.contains(Y_TITLE), "y axis title as <text>: " + texts);
        assertTrue(texts.contains("100"), "decade label 100 as <text>: " + texts);
        assertTrue(texts.contains("1000"), "decade label 1000 as <text>: " + texts);
        assertTrue(texts.contains("theory 2 n^(-1/2)"), "legend entry as <text>: " + texts);
        assertTrue(svg.contains("rgb(0,114,178)"), "STANDARD_INIT blue used in the SVG");

        byte[] png = Files.readAllBytes(written.get(0));
        int[] phys = pHYs(png);
        assertEquals(5906, phys[0], "pixels per metre, x");
        assertEquals(5906, phys[1], "pixels per metre, y");
        assertEquals(1, phys[2], "unit: metre");
    }

    @Test
    void oneColourPerMeaning() {
        XYChart a = Plots.chart("a", "x", "y", false, false);
        XYChart b = Plots.chart("b", "x", "y", true, true);
        double[] x = {1, 2, 3};
        XYSeries sa = Plots.points(a, "standard", x, x, Meaning.STANDARD_INIT);
        XYSeries sb = Plots.line(b, "standard, other figure", x, x, Meaning.STANDARD_INIT);
        XYSeries mb = Plots.points(b, "mirrored", x, x, Meaning.MIRRORED_INIT);
        XYSeries eb = Plots.errorBars(b, "mirrored bars", x, x, x, x, Meaning.MIRRORED_INIT);
        assertEquals(sa.getMarkerColor(), sb.getLineColor());
        assertEquals(mb.getMarkerColor(), eb.getMarkerColor());
        assertNotEquals(sa.getMarkerColor(), mb.getMarkerColor());
        assertEquals(new Color(0x0072B2), sa.getMarkerColor());
        assertEquals(Color.BLACK, Meaning.KERNEL_LIMIT.colour());
        for (int i = 0; i < Plots.PALETTE.length; i++) {
            assertEquals(Plots.PALETTE[i], Meaning.series(i).colour());
            assertEquals(Meaning.series(i), Meaning.series(i + Plots.PALETTE.length));
            for (int j = 0; j < i; j++) {
                assertNotEquals(Plots.PALETTE[i], Plots.PALETTE[j]);
            }
        }
    }

    /** The pHYs chunk's pixels per unit x, y and unit specifier. */
    private static int[] pHYs(byte[] png) {
        ByteBuffer b = ByteBuffer.wrap(png);
        b.position(8);
        while (b.remaining() >= 12) {
            int length = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            if (new String(type, StandardCharsets.US_ASCII).equals("pHYs")) {
                return new int[] {b.getInt(), b.getInt(), b.get()};
            }
            b.position(b.position() + length + 4);
        }
        throw new AssertionError("no pHYs chunk");
    }

    @Test
    void equalSeriesNamesGetACounterInsteadOfAnError() {
        org.knowm.xchart.XYChart c = Plots.chart("t", "x", "y", false, false);
        Plots.line(c, "fit: slope -0.519", new double[] {1, 2}, new double[] {1, 2});
        Plots.line(c, "fit: slope -0.519", new double[] {1, 2}, new double[] {2, 3});
        Plots.points(c, "fit: slope -0.519", new double[] {1}, new double[] {1});
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Set.of("fit: slope -0.519", "fit: slope -0.519 (2)", "fit: slope -0.519 (3)"),
                c.getSeriesMap().keySet());
    }
}
