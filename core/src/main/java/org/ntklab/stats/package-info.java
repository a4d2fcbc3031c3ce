/**
 * Statistics for experiment verdicts: summaries and intervals over independent replicates (fresh
 * data and network per replicate, never points of one Gram), stratified percentile and BCa
 * bootstrap, log-log slope fits, a logistic transition estimator, and the claim-versus-competitor
 * rule that turns an interval into a verdict.
 *
 * <p>Every interval here is a statement about the sampling distribution over replicates. A fit
 * over the points of a single spectrum or Gram has no such distribution; its scatter is not an
 * interval of this package.
 */
package org.ntklab.stats;
