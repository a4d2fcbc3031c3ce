/**
 * The spectral engine: symmetric operators (dense Gram, shifted, Cholesky-inverted; the
 * matrix-free empirical NTK is {@link org.ntklab.net.EmpiricalNtk#operator}), our own thick-restart
 * Lanczos ({@link org.ntklab.eigen.Lanczos}), λ_min and λ_max of dense Grams by shift-invert
 * Lanczos with a certified bracket for λ_min ({@link org.ntklab.eigen.DenseEigen}), matrix-free
 * estimates ({@link org.ntklab.eigen.MatrixFreeEigen}), full spectra through LAPACK
 * ({@link org.ntklab.eigen.Spectrum}), eigenvalue decay rates ({@link org.ntklab.eigen.DecayRate})
 * and the smoothness of a target ({@link org.ntklab.eigen.Smoothness}, formulas sheet §6).
 */
package org.ntklab.eigen;
