package org.ntklab.data;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.ParameterStreams;

/**
 * Synthetic input domains, drawn reproducibly: point i of a sample keyed by (seed, key) comes from
 * its own stream, so samples do not depend on scheduling and a larger sample extends a smaller one.
 */
public final class Domains {

    /** The domains. */
    public enum Domain {
        /** The unit sphere S^{d−1}. */
        SPHERE,
        /** The closed unit ball of R^d: a domain with smooth boundary. */
        BALL,
        /** The cube [−1, 1]^d. */
        CUBE,
        /** Not a bounded domain: the standard Gaussian N(0, I_d), as in the papers' synthetic inputs. */
        GAUSSIAN;

        /** Parses sphere, ball, cube or gaussian. */
        public static Domain parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("domain must be sphere, ball, cube or gaussian, got '" + s + "'");
            }
        }
    }

    private Domains() {
    }

    /** n points of {@code domain} in R^d, uniform (standard normal for GAUSSIAN). */
    public static Matrix sample(Domain domain, int n, int d, long seed, int key) {
        ParameterStreams streams = new ParameterStreams(seed);
        double[] x = new double[n * d];
        double[] v = new double[d];
        for (int i = 0; i < n; i++) {
            UniformRandomProvider rng = streams.stream(key, ParameterStreams.Kind.OTHER, i);
            if (domain == Domain.CUBE) {
                for (int k = 0; k < d; k++) {
                    x[i + k * n] = 2 * rng.nextDouble() - 1;
                }
                continue;
            }
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double s = 0;
            for (int k = 0; k < d; k++) {
                v[k] = g.sample();
                s += v[k] * v[k];
            }
            // uniform in the ball: a uniform direction times a radius with density ∝ r^{d−1}
            double r = domain == Domain.BALL ? Math.pow(rng.nextDouble(), 1.0 / d) : 1.0;
            double scale = domain == Domain.GAUSSIAN ? 1.0 : r / Math.sqrt(s);
            for (int k = 0; k < d; k++) {
                x[i + k * n] = v[k] * scale;
            }
        }
        return new Matrix(n, d, x);
    }
}
