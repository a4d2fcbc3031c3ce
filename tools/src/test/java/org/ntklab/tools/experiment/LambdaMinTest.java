package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.eigen.CertifiedBracket;
import org.ntklab.eigen.Spectrum;
import org.ntklab.linalg.Matrix;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.Initialisation;
import org.ntklab.net.Network;
import org.ntklab.tools.output.RunRecord;

/** The lambda-min experiment's pieces: parameter counts and the rank marker, the bracket against LAPACK, thread independence. */
class LambdaMinTest {

    @TempDir
    Path dir;

    @Test
    void differentiatedParametersAndTheRankMarker() {
        // the partial NTK differentiates only the middle d×d layer; the full one d·d + d·d + d·1
        assertEquals(49, LambdaMinEvaluation.differentiatedParameters(LambdaMin.Series.PARTIAL.spec(7)));
        assertEquals(49, LambdaMinEvaluation.differentiatedParameters(LambdaMin.Series.RELU.spec(7)));
        assertEquals(49 + 49 + 7, LambdaMinEvaluation.differentiatedParameters(LambdaMin.Series.FULL.spec(7)));
        assertTrue(LambdaMinEvaluation.rankDeficient(49, 50));
        assertFalse(LambdaMinEvaluation.rankDeficient(50, 50));
        assertFalse(LambdaMinEvaluation.rankDeficient(51, 50));
    }

    @Test
    void defaultGridIsThePapersPlusPointsAroundTheRankBoundary() {
        LambdaMin.Spec s = SpecReader.parse(SpecReader.resource(new LambdaMin().defaultSpecResource()), LambdaMin.Spec.class, "default");
        List<Integer> ds = s.dims();
        // the paper: ⌊√(1000 i)⌋, i = 5, 55, …, 955 (20 values, 70 … 977); 9 extras ⌊√v⌋ around the full NTK's rank boundaries
        assertEquals(20 + 9, ds.size());
        assertEquals(List.of(22, 23, 24, 31, 32, 33, 38, 39, 40, 70), ds.subList(0, 10));
        assertEquals(977, ds.get(ds.size() - 1));
        for (int k = 1; k < ds.size(); k++) {
            assertTrue(ds.get(k) > ds.get(k - 1), "ascending");
        }
        // the main grid is the full NTK (P = 2d² + d): each N has a point just below its rank boundary and two just above
        assertEquals(LambdaMin.Series.FULL, s.main());
        for (int n : s.n()) {
            assertEquals(1, ds.stream().filter(d -> 2 * d * d + d < n && 2 * d * d + d > 0.9 * n).count(), "a point just below P = " + n);
            assertEquals(2, ds.stream().filter(d -> 2 * d * d + d >= n && 2 * d * d + d < 1.25 * n).count(), "points just above P = " + n);
        }
        // the slope window is fixed in the spec, and the headline N is one of the grid's
        assertEquals(100, s.fitMinD2OverN());
        assertTrue(s.n().contains(s.headlineN()));
    }

    @Test
    void structuredPartialKernelIsTheJacobianGramOfTheMiddleLayer() {
        var spec = LambdaMin.Series.PARTIAL.spec(6);
        Matrix x = LambdaMinEvaluation.inputs(30, 6, 5);
        Network net = Network.initialise(spec, Initialisation.standard(), 5);
        Matrix viaJacobian = EmpiricalNtk.jacobian(net, x);
        Matrix k = LambdaMinEvaluation.kernel(spec, 30, 5);
        double scale = k.maxAbs();
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j < 30; j++) {
                assertEquals(viaJacobian.get(i, j), k.get(i, j), 1e-13 * scale);
            }
        }
    }

    @Test
    void bracketHoldsLapacksSmallestEigenvalueOnBothSidesOfTheRankBoundary() {
        int n = 60;
        // d = 9: 81 middle-layer parameters ≥ 60 samples (non-singular); d = 7: 49 < 60 (singular by rank)
        for (int d : new int[] {9, 7}) {
            var spec = LambdaMin.Series.PARTIAL.spec(d);
            long key = 11 + d;
            Matrix k = LambdaMinEvaluation.kernel(spec, n, key);
            double lapack = Spectrum.all(k, false).values()[0];
            // dsyevd's eigenvalues are exact for a matrix within p(n)·u·‖K‖ of K; ‖K‖_F bounds ‖K‖₂
            double lapackError = n * 0x1p-53 * k.frobeniusNorm();
            CertifiedBracket b = LambdaMinEvaluation.evaluate(spec, n, key).bracket();
            assertTrue(b.lower() <= lapack + lapackError && lapack - lapackError <= b.upper(),
                    "d = " + d + ": " + b.lower() + " ≤ " + lapack + " ≤ " + b.upper());
            if (d == 9) {
                assertTrue(lapackError < 1e-3 * lapack, "the comparison is meaningful: λ_min = " + lapack + ", error " + lapackError);
                assertTrue(b.lower() > 0, "81 parameters ≥ 60 samples: positivity is proved");
                assertTrue(b.relativeWidth() < 1e-3, "a tight bracket: " + b);
            } else {
                assertTrue(b.lower() <= 0, "a singular matrix cannot be certified positive");
                assertTrue(Math.abs(b.upper()) < 1e-12 * k.frobeniusNorm(), "λ_min = 0 up to rounding: " + b.upper());
            }
        }
    }

    @Test
    void badSpecsAreRefusedByKey() {
        String lm = SpecReader.resource(new LambdaMin().quickSpecResource());
        String mem = SpecReader.resource(new Memorisation().quickSpecResource());
        Object[][] cases = {
            {lm.replace("i_to: 9", "i_to: 0"), LambdaMin.Spec.class, "i_to"},
            {lm.replace("\nn: [300]", "\nn: [300, 90000]"), LambdaMin.Spec.class, "'n'"},
            {lm.replace("sweep_ratio: 4", "sweep_ratio: -1"), LambdaMin.Spec.class, "sweep_ratio"},
            {lm.replace("headline_n: 300", "headline_n: 1000"), LambdaMin.Spec.class, "headline_n"},
            {lm.replace("fit_min_d2_over_n: 1.5", "fit_min_d2_over_n: 0"), LambdaMin.Spec.class, "fit_min_d2_over_n"},
            {mem.replace("early_stop_window: 100", "early_stop_window: 5000"), Memorisation.Spec.class, "early_stop_window"},
            {mem.replace("lr_scale: 0.1", "lr_scale: 0"), Memorisation.Spec.class, "lr_scale"},
        };
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Class<ExperimentSpec> type = (Class<ExperimentSpec>) c[1];
            var e = org.junit.jupiter.api.Assertions.assertThrows(org.ntklab.tools.UserError.class,
                    () -> SpecReader.parse((String) c[0], type, "spec.yaml"));
            assertTrue(e.getMessage().contains((String) c[2]), c[2] + " not in: " + e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() throws Exception {
        LambdaMin.Spec quick = SpecReader.parse(SpecReader.resource(new LambdaMin().quickSpecResource()), LambdaMin.Spec.class, "quick");
        List<LambdaMin.Job> jobs = LambdaMin.jobs(quick).subList(0, 12);
        int before = ThreadBudget.threads();
        double[][] runs = new double[2][];
        try (ExperimentContext ctx = new ExperimentContext(dir, new RunRecord("test", List.of()), "test")) {
            for (int t = 1; t <= 2; t++) {
                ThreadBudget.setThreads(t);
                LambdaMinEvaluation.Result[] r = LambdaMin.evaluateAll(quick, jobs, ctx);
                runs[t - 1] = java.util.Arrays.stream(r).flatMapToDouble(e -> java.util.stream.DoubleStream.of(e.bracket().lower(),
                        e.bracket().upper())).toArray();
            }
        } finally {
            ThreadBudget.setThreads(before);
        }
        assertEquals(24, runs[0].length);
        for (int k = 0; k < runs[0].length; k++) {
            assertEquals(Double.doubleToLongBits(runs[0][k]), Double.doubleToLongBits(runs[1][k]), "bracket end " + k + " differs");
        }
    }
}
