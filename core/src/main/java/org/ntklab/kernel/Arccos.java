package org.ntklab.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * arccos on [−1, 1] from fused multiply-adds, one division and one square root (fdlibm's rational
 * approximation of asin, on |x| ≤ 1/2 directly and beyond it through the half-angle z = (1 − |x|)/2;
 * at most one ulp from StrictMath.acos over the tested arguments), in a scalar and a vector form
 * that give the same bits. {@code VectorOperators.ACOS} does not: it is an SVML intrinsic once C2
 * has compiled the caller and a Java fallback before, and the two differ in the last bit for a few
 * per cent of arguments, so a Gram's entries depended on how warm the JIT was. This form is also
 * faster than the intrinsic in the kernel loop (one rational per lane, the branch chosen by blends).
 */
final class Arccos {

    private static final double PI = 3.14159265358979311600e+00;
    private static final double PIO2_HI = 1.57079632679489655800e+00;
    private static final double PIO2_LO = 6.12323399573676603587e-17;
    private static final double PS0 = 1.66666666666666657415e-01;
    private static final double PS1 = -3.25565818622400915405e-01;
    private static final double PS2 = 2.01212532134862925881e-01;
    private static final double PS3 = -4.00555345006794114027e-02;
    private static final double PS4 = 7.91534994289814532176e-04;
    private static final double PS5 = 3.47933107596021167570e-05;
    private static final double QS1 = -2.40339491173441421878e+00;
    private static final double QS2 = 2.02094576023350569471e+00;
    private static final double QS3 = -6.88283971605453293030e-01;
    private static final double QS4 = 7.70381505559019352791e-02;

    private Arccos() {
    }

    /** R(z) = p(z)/q(z) with asin(x) = x + x·R(x²), Horner with fused multiply-adds; the same operations as the vector form. */
    private static double ratio(double z) {
        double p = z * Math.fma(z, Math.fma(z, Math.fma(z, Math.fma(z, Math.fma(z, PS5, PS4), PS3), PS2), PS1), PS0);
        double q = Math.fma(z, Math.fma(z, Math.fma(z, Math.fma(z, QS4, QS3), QS2), QS1), 1.0);
        return p / q;
    }

    private static DoubleVector ratio(DoubleVector z) {
        var sp = z.species();
        DoubleVector p = z.fma(PS5, PS4).fma(z, DoubleVector.broadcast(sp, PS3)).fma(z, DoubleVector.broadcast(sp, PS2))
                .fma(z, DoubleVector.broadcast(sp, PS1)).fma(z, DoubleVector.broadcast(sp, PS0)).mul(z);
        DoubleVector q = z.fma(QS4, QS3).fma(z, DoubleVector.broadcast(sp, QS2)).fma(z, DoubleVector.broadcast(sp, QS1))
                .fma(z, DoubleVector.broadcast(sp, 1.0));
        return p.div(q);
    }

    /** arccos x for x in [−1, 1] (callers clamp). */
    static double scalar(double x) {
        double ax = Math.abs(x);
        if (ax <= 0.5) {
            return PIO2_HI - (x - (PIO2_LO - x * ratio(x * x)));
        }
        double z = (1.0 - ax) * 0.5;
        double s = Math.sqrt(z);
        double a = Math.fma(s, ratio(z), s); // asin √z
        return x < 0 ? PI - 2.0 * (a - PIO2_LO) : 2.0 * a;
    }

    /** arccos of every lane, bit for bit {@link #scalar(double)}: one rational per lane, at the branch's own z. */
    static DoubleVector of(DoubleVector x) {
        DoubleVector ax = x.abs();
        VectorMask<Double> small = ax.compare(VectorOperators.LE, 0.5);
        DoubleVector z = ax.neg().add(1.0).mul(0.5).blend(x.mul(x), small);
        DoubleVector r = ratio(z);
        DoubleVector near = x.mul(r).neg().add(PIO2_LO).neg().add(x).neg().add(PIO2_HI);
        DoubleVector s = z.sqrt();
        DoubleVector a = s.fma(r, s);
        DoubleVector far = a.sub(PIO2_LO).mul(2.0).neg().add(PI).blend(a.mul(2.0), x.compare(VectorOperators.GE, 0.0));
        return far.blend(near, small);
    }
}
