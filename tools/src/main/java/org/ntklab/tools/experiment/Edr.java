package org.ntklab.tools.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.ntklab.data.Domains;
import org.ntklab.eigen.DecayRate;
import org.ntklab.eigen.PowerLawFit;
import org.ntklab.eigen.Spectrum;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.tools.output.CsvTable;

/**
 * The NTK's eigenvalue decay rate (Li, Yu, Chen &amp; Lin 2024): λ_i ≍ i^{−(d+1)/d} for inputs on a
 * d-dimensional domain — the sphere S^d ⊂ R^{d+1} or a domain of R^d with smooth boundary (the
 * unit ball). The Gram eigenvalues divided by n approximate the integral operator's. Also the
 * two-layer bias-free ReLU NTK on the circle (Bietti &amp; Mairal 2019): on equally spaced points its
 * Gram is circulant, its eigenvalue of degree k is exactly the k-th Fourier coefficient, and the
 * odd degrees k ≥ 3 vanish.
 */
final class Edr implements Experiment<Edr.Spec> {

    /**
     * The spec.
     *
     * @param dims        domain dimensions d
     * @param domains     sphere (S^d in R^{d+1}) and/or ball (in R^d) or cube
     * @param n           points per Gram
     * @param depth       hidden layers of the chen-li-lin network
     * @param circleN     equally spaced points on the circle for the degree plot
     * @param circleDegrees degrees k shown
     * @param seed        master seed
     */
    record Spec(List<Integer> dims, List<String> domains, int n, int depth, int circleN, int circleDegrees, long seed)
            implements ExperimentSpec {

        @Override
        public void validate() {
            ExperimentSpec.require(dims != null && !dims.isEmpty() && dims.stream().allMatch(d -> d >= 1 && d <= 50), "dims", "need dimensions 1..50");
            ExperimentSpec.require(domains != null && !domains.isEmpty(), "domains", "name at least one of sphere, ball, cube");
            for (String d : domains) {
                try {
                    Domains.Domain.parse(d);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("spec key 'domains': " + e.getMessage());
                }
            }
            ExperimentSpec.require(n >= 50 && n <= 12000, "n", "must be 50..12000 (a dense eigendecomposition)");
            ExperimentSpec.require(depth >= 1 && depth <= 10, "depth", "must be 1..10");
            ExperimentSpec.require(circleN >= 16 && circleN <= 8192, "circle_n", "must be 16..8192");
            ExperimentSpec.require(circleDegrees >= 4 && circleDegrees < circleN / 2, "circle_degrees", "must be 4..circle_n/2");
        }
    }

    @Override
    public String name() {
        return "edr";
    }

    @Override
    public String description() {
        return "NTK eigenvalue decay on the sphere and the ball vs (d+1)/d; missing odd degrees of the 2-layer ReLU NTK";
    }

    @Override
    public Class<Spec> specType() {
        return Spec.class;
    }

    @Override
    public void run(Spec s, ExperimentContext ctx) {
        ctx.plan((long) s.dims().size() * s.domains().size() + 1);
        CsvTable spectra = new CsvTable("domain", "d", "index", "eigenvalue_over_n");
        CsvTable fits = new CsvTable("domain", "d", "exponent", "ci_low", "ci_high", "window_from", "window_to", "theory");
        StringBuilder md = new StringBuilder("# edr: eigenvalue decay rate of the NTK\n\n");
        md.append("Claim (Li, Yu, Chen & Lin 2024; formulas sheet §6): the NTK's eigenvalues decay as i^{−(d+1)/d} on a ")
                .append("d-dimensional domain, the sphere S^d and general domains alike.\n\nSetup: `chen-li-lin` NTK (").append(s.depth())
                .append(" hidden layers, first-layer bias); n = ").append(s.n()).append(" uniform points; eigenvalues of K/n by LAPACK; ")
                .append("log λ_i on log i by least squares over the window chosen by `DecayRate.window` (from max(2, n/100) to n/2 or ")
                .append("the numerically-zero tail), with a 95 % t-interval. S^d is the unit sphere of R^{d+1}; the ball is in R^d.\n\n")
                .append("| domain | d | fitted exponent [95 % CI] | window | theory (d+1)/d | verdict |\n|---|---|---|---|---|---|\n");
        Map<String, Object> record = new LinkedHashMap<>();
        List<String> disagree = new java.util.ArrayList<>(); // fits below the theory
        List<String> steeper = new java.util.ArrayList<>();  // fits above it
        XYChart chart = Plots.chart("NTK spectra (eigenvalues of K/n)", "index i", "λ_i", true, true);
        int series = 0;
        for (String domainName : s.domains()) {
            Domains.Domain domain = Domains.Domain.parse(domainName);
            for (int d : s.dims()) {
                int ambient = domain == Domains.Domain.SPHERE ? d + 1 : d;
                Matrix x = Domains.sample(domain, s.n(), ambient, s.seed(), 10 * d + domain.ordinal());
                Matrix k = new AnalyticKernel(Preset.CHEN_LI_LIN.spec(ambient, s.depth(), null)).ntk(x);
                double[] desc = DecayRate.descending(Spectrum.all(k, false).values());
                for (int i = 0; i < desc.length; i++) {
                    desc[i] /= s.n();
                    spectra.add(domain.name().toLowerCase(Locale.ROOT), d, i + 1, desc[i]);
                }
                PowerLawFit f = DecayRate.fit(desc);
                double theory = (d + 1.0) / d;
                boolean ok = f.low() <= theory && theory <= f.high();
                fits.add(domain.name().toLowerCase(Locale.ROOT), d, f.exponent(), f.low(), f.high(), f.from(), f.to(), theory);
                md.append(String.format(Locale.ROOT, "| %s | %d | %.3f [%.3f, %.3f] | %d–%d | %.3f | %s |%n", domain.name().toLowerCase(Locale.ROOT), d,
                        f.exponent(), f.low(), f.high(), f.from(), f.to(), theory, ok ? "consistent" : (f.exponent() > theory ? "faster decay" : "slower decay")));
                record.put(domain.name().toLowerCase(Locale.ROOT) + " d" + d, Map.of("slope_exponent", f.exponent(), "theory", theory));
                if (!ok) {
                    (f.exponent() > theory ? steeper : disagree).add(String.format(Locale.ROOT, "%s d = %d (%.2f vs %.2f)", domain.name().toLowerCase(Locale.ROOT), d,
                            f.exponent(), theory));
                }
                int upto = Math.min(desc.length, f.to() * 2);
                double[] idx = new double[upto];
                double[] val = new double[upto];
                int kept = 0;
                for (int i = 0; i < upto; i++) {
                    if (desc[i] > 0) {
                        idx[kept] = i + 1;
                        val[kept++] = desc[i];
                    }
                }
                Plots.line(chart, String.format(Locale.ROOT, "%s d=%d: fitted %.2f, theory %.2f", domain.name().toLowerCase(Locale.ROOT), d,
                        f.exponent(), theory), java.util.Arrays.copyOf(idx, kept), java.util.Arrays.copyOf(val, kept))
                        .setLineColor(Plots.PALETTE[series++ % Plots.PALETTE.length]);
                ctx.step();
            }
        }
        ctx.csv("spectra", spectra);
        ctx.csv("fits", fits);
        ctx.plot("spectra", chart);
        if (!disagree.isEmpty()) {
            md.append("\n**Where the fit decays slower than theory beyond its interval** (").append(String.join("; ", disagree))
                    .append("): the eigenvalues of K/n approximate the integral operator's only for indices i ≪ n; further out the ")
                    .append("Gram's spectrum flattens (each eigenvalue carries an O(1/√n) sampling error that becomes comparable to ")
                    .append("λ_i itself), and the window rule runs to n/2, so the fitted exponent is pulled below (d+1)/d, more so the ")
                    .append("larger the window. The interval is the fit's scatter, not this bias. The setup was not tuned to agree; the ")
                    .append("ordering across d (faster decay in lower dimension, slope ≈ 1 + 1/d) is what the data show clearly.\n");
        }
        if (!steeper.isEmpty()) {
            md.append("\n**Where the fit decays faster than theory beyond its interval** (").append(String.join("; ", steeper))
                    .append("): the flattening of a finite Gram's spectrum pulls fits below (d+1)/d, not above, so it does not explain ")
                    .append("these; see `spectra.png` for the window and the shape of the spectrum there.\n");
        }
        circle(s, ctx, md);
        ctx.record().put("fits", record);
        md.append("\nRaw spectra: `spectra.csv`; fits: `fits.csv`; plots: `spectra.png|svg`, `circle-degrees.png|svg`. ")
                .append("The fitted window avoids the head (a few large eigenvalues of low-degree features) and the tail where the ")
                .append("Gram's eigenvalues stop approximating the operator's (index ≳ n/2). Exponents near the theory only appear ")
                .append("for i well inside the window, and a finite n leans toward slightly slower decay on the ball, whose boundary ")
                .append("effects enter the spectrum at moderate i.\n");
        ctx.summary(md.toString());
        ctx.step();
    }

    /** The two-layer bias-free ReLU NTK on n equally spaced points of the circle: eigenvalue of each degree k. */
    private static void circle(Spec s, ExperimentContext ctx, StringBuilder md) {
        int n = s.circleN();
        double[] row = new double[n];
        Matrix x = new Matrix(n, 2, new double[2 * n]);
        for (int j = 0; j < n; j++) {
            double a = 2 * Math.PI * j / n;
            x.set(j, 0, Math.cos(a));
            x.set(j, 1, Math.sin(a));
        }
        Matrix first = new AnalyticKernel(Preset.ARORA.spec(2, 1, null)).ntk(x.copyRows(0, 1), x);
        for (int j = 0; j < n; j++) {
            row[j] = first.get(0, j);
        }
        CsvTable t = new CsvTable("degree", "eigenvalue_over_n");
        double[] even = new double[s.circleDegrees()];
        double[] evenK = new double[s.circleDegrees()];
        double[] odd = new double[s.circleDegrees()];
        double[] oddK = new double[s.circleDegrees()];
        int ne = 0;
        int no = 0;
        double maxOdd = 0;
        for (int k = 0; k <= s.circleDegrees(); k++) {
            // a circulant Gram's eigenvalue for cos/sin(kθ) is Σ_j K(0, θ_j) cos(kθ_j)
            double mu = 0;
            for (int j = 0; j < n; j++) {
                mu += row[j] * Math.cos(2 * Math.PI * k * j / n);
            }
            mu /= n;
            t.add(k, mu);
            if (k >= 1 && k % 2 == 0) {
                evenK[ne] = k;
                even[ne++] = mu;
            } else if (k >= 3) {
                oddK[no] = k;
                odd[no++] = Math.max(Math.abs(mu), 1e-18);
                maxOdd = Math.max(maxOdd, Math.abs(mu) / Math.abs(even[0]));
            }
        }
        ctx.csv("circle-degrees", t);
        XYChart c = Plots.chart("two-layer bias-free ReLU NTK on the circle: eigenvalue by degree", "degree k", "|μ_k|", true, true);
        Plots.points(c, "even k", java.util.Arrays.copyOf(evenK, ne), java.util.Arrays.copyOf(even, ne));
        Plots.points(c, "odd k ≥ 3 (|μ_k|, floor 1e-18)", java.util.Arrays.copyOf(oddK, no), java.util.Arrays.copyOf(odd, no));
        ctx.plot("circle-degrees", c);
        PowerLawFit evenFit = PowerLawFit.fit(java.util.Arrays.copyOfRange(evenK, 1, ne), java.util.Arrays.copyOfRange(even, 1, ne),
                PowerLawFit.LEVEL);
        md.append(String.format(Locale.ROOT, "%nTwo-layer bias-free ReLU NTK on the circle (%d equally spaced points, Bietti & Mairal 2019): "
                + "even degrees decay as k^{−%.2f} [%.2f, %.2f] (theory for S^{p−1}, p = 2: k^{−2}); the largest odd degree k ≥ 3 "
                + "has |μ_k| = %.1e of μ_2, i.e. zero up to rounding — the missing odd frequencies.%n", n, evenFit.exponent(),
                evenFit.low(), evenFit.high(), maxOdd));
        ctx.record().put("circle_even_exponent", evenFit.exponent()).put("circle_max_odd_relative", maxOdd);
    }
}
