package example;

import org.ntklab.data.Domains;
import org.ntklab.eigen.CertifiedBracket;
import org.ntklab.eigen.DenseEigen;
import org.ntklab.eigen.EigenOptions;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;

/**
 * ntklab as a library: the analytic NTK of a deep ReLU network on points of the sphere, the
 * empirical NTK of a finite network of the same architecture, and a certified bracket for the
 * smallest eigenvalue of each. Run with {@code --add-modules jdk.incubator.vector}.
 */
public final class LambdaMinExample {

    private LambdaMinExample() {
    }

    /** Prints "analytic λ_min ∈ [lo, hi]" and "empirical (width W) λ_min ∈ [lo, hi]". */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int d = 10;
        int depth = 2;
        Matrix x = Domains.sample(Domains.Domain.SPHERE, n, d, 1, 0);
        Matrix analytic = new AnalyticKernel(Preset.ARORA.spec(d, depth, null)).ntk(x);
        CertifiedBracket a = DenseEigen.certifyLambdaMin(analytic, EigenOptions.defaults());
        System.out.printf("analytic λ_min ∈ [%.10g, %.10g]%n", a.lower(), a.upper());
        int width = 512;
        FiniteNetwork net = FiniteNetwork.initialise(Preset.ARORA.spec(d, depth, new int[] {width, width}), Initialisation.standard(), 7);
        CertifiedBracket e = DenseEigen.certifyLambdaMin(EmpiricalNtk.structured(net, x), EigenOptions.defaults());
        System.out.printf("empirical (width %d) λ_min ∈ [%.10g, %.10g]%n", width, e.lower(), e.upper());
    }
}
