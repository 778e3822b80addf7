package io.surge.recommendations;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_MT_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * EASE^R (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): an item-item weight matrix
 * B learned in closed form from the binary customer x product matrix X, with one parameter, the L2
 * regularisation lambda: P = (X'X + lambda I)^-1, B = -P / diag(P) column-wise, diag(B) = 0. A customer's
 * scores are w_u B, where w_u is their row of X with each bought product weighed by how recently they last bought
 * it (1 for every product when no weights are given: Steck's x_u B). Why: what a customer bought lately says
 * more about what they buy next than what they bought once a year ago; B still learns from the binary X. Chosen because it is among the strongest top-N recommenders on purchase data while
 * needing no iterations, no learning rate and no random seed: one Cholesky inverse of an n x n matrix
 * (EJML). Memory is about 2 * 8 n^2 bytes (n = modelled products; 5 000 products: 400 MB), time n^3 / 3.
 *
 * <p>Pure computation on plain arrays: call it on a worker thread, never an event loop.
 */
public final class EaseModel {

  /** Per customer the top product indexes (best first) and their scores. */
  public record Result(int[][] top, float[][] scores, int products, long memoryBytes) {
  }

  /**
   * What a customer's EASE^R scores are blended with, each side divided by its largest value first: a per-product
   * {@code boost} (the same for everyone: new arrivals selling now) times {@code boostWeight}, another,
   * {@code popular} (the same for everyone: what sells these weeks), times {@code popularWeight}, and the
   * customer's products' rows of {@code similarity} (n x n, row-major: titles alike), weighed like their EASE^R
   * row by recency, times {@code similarityWeight}. Why: EASE^R only knows pairs bought before; a product launched
   * last month has few, a product like one the customer buys but rarely bought with it has none, and pairs learned
   * over months do not know which products the shop still sells.
   */
  public record Blend(double[] boost, double boostWeight, double[] popular, double popularWeight, float[] similarity,
    double similarityWeight) {

    /** EASE^R alone. */
    public static final Blend NONE = new Blend(null, 0, null, 0, null, 0);

    /** New arrivals and title likeness only. */
    public Blend(double[] boost, double boostWeight, float[] similarity, double similarityWeight) {
      this(boost, boostWeight, null, 0, similarity, similarityWeight);
    }
  }

  /** Below this many products the inverse takes milliseconds: one thread, no task overhead. */
  static final int CONCURRENT_FROM = 500;

  private EaseModel() {
  }

  /**
   * The weight of a purchase {@code ageDays} old: halves every {@code halfLifeDays} (0: no decay, every purchase
   * weighs 1). Ages are counted back from the newest purchase (the customer's own, or the shop's), not from now,
   * so an imported history years old does not round to 0; rankings are the same either way.
   */
  public static float decay(double ageDays, double halfLifeDays) {
    return halfLifeDays <= 0 ? 1 : (float) Math.pow(0.5, Math.max(0, ageDays) / halfLifeDays);
  }

  /** Bytes the two n x n matrices take. */
  static long memoryBytes(int products) {
    return 2L * 8 * products * products;
  }

  /**
   * Trains on {@code bought[u]} (the product indexes customer u bought, each once, all below {@code products}) and
   * returns each customer's {@code keep} best products they have not bought.
   */
  public static Result train(int[][] bought, int products, double lambda, int keep) {
    return train(bought, null, null, products, lambda, keep);
  }

  /**
   * As {@link #train(int[][], int, double, int)}, with weights per purchase ({@code [u][k]} for product
   * {@code bought[u][k]}; null: all 1): {@code history} weighs what B learns from (the Gram matrix takes
   * sqrt(w_a * w_b) per pair a customer bought, so old baskets teach less than this season's), {@code recency}
   * weighs a customer's own products when their list is scored.
   */
  public static Result train(int[][] bought, float[][] history, float[][] recency, int products, double lambda,
    int keep) {
    return train(bought, history, recency, products, lambda, keep, Blend.NONE);
  }

  /** As above, each customer's scores blended as {@code blend} says. */
  public static Result train(int[][] bought, float[][] history, float[][] recency, int products, double lambda,
    int keep, Blend blend) {
    int n = products;
    double[] b = weights(bought, history, n, lambda);
    int[][] top = new int[bought.length][];
    float[][] scores = new float[bought.length][];
    boolean blendAlike = blend.similarity() != null && blend.similarityWeight() != 0;
    double[] boost = sameForEveryone(blend, n); // null: nothing such to add
    // customers are scored independently: on every core (the common pool plus this worker thread)
    ThreadLocal<double[][]> buffers = ThreadLocal.withInitial(() -> new double[][] {new double[n], new double[n]});
    IntStream.range(0, bought.length).parallel().forEach(u -> {
      double[] score = buffers.get()[0];
      double[] alike = buffers.get()[1];
      Arrays.fill(score, 0);
      Arrays.fill(alike, 0);
      for (int k = 0; k < bought[u].length; k++) {
        int row = bought[u][k] * n;
        double w = recency == null ? 1 : recency[u][k];
        for (int j = 0; j < n; j++) {
          score[j] += w * b[row + j];
        }
        if (blendAlike) {
          for (int j = 0; j < n; j++) {
            alike[j] += w * blend.similarity()[row + j];
          }
        }
      }
      if (boost != null || blendAlike) {
        scaleToOne(score);
        scaleToOne(alike);
        for (int j = 0; j < n; j++) {
          score[j] += (boost != null ? boost[j] : 0) + blend.similarityWeight() * alike[j];
        }
      }
      for (int i : bought[u]) {
        score[i] = Double.NEGATIVE_INFINITY;
      }
      top[u] = TopN.indexes(score, keep);
      scores[u] = new float[top[u].length];
      for (int k = 0; k < top[u].length; k++) {
        scores[u][k] = (float) score[top[u][k]];
      }
    });
    return new Result(top, scores, n, memoryBytes(n) + (blendAlike ? 4L * n * n : 0));
  }

  /** The blend's parts that are the same for every customer, each scaled to one and weighed; null when none. */
  private static double[] sameForEveryone(Blend blend, int n) {
    boolean boost = blend.boost() != null && blend.boostWeight() != 0;
    boolean popular = blend.popular() != null && blend.popularWeight() != 0;
    if (!boost && !popular) {
      return null;
    }
    double[] sum = new double[n];
    if (boost) {
      addScaled(sum, blend.boost(), blend.boostWeight());
    }
    if (popular) {
      addScaled(sum, blend.popular(), blend.popularWeight());
    }
    return sum;
  }

  private static void addScaled(double[] sum, double[] part, double weight) {
    double[] scaled = part.clone();
    scaleToOne(scaled);
    for (int j = 0; j < sum.length; j++) {
      sum[j] += weight * scaled[j];
    }
  }

  /**
   * EASE^R's item-item weights B (row-major, n x n, zero diagonal) in closed form: the inverse of the
   * history-weighted Gram matrix plus {@code lambda} on its diagonal (Cholesky, EJML), each column divided by minus
   * its diagonal entry. {@code history} as in {@link #train(int[][], float[][], float[][], int, double, int)}.
   */
  static double[] weights(int[][] bought, float[][] history, int n, double lambda) {
    return weights(bought, history, n, lambda, n >= CONCURRENT_FROM);
  }

  /** As above, the inverse on every core ({@code concurrent}) or on this thread alone. */
  static double[] weights(int[][] bought, float[][] history, int n, double lambda, boolean concurrent) {
    DMatrixRMaj gram = new DMatrixRMaj(n, n);
    double[] g = gram.data;
    for (int u = 0; u < bought.length; u++) {
      int[] items = bought[u];
      double[] root = new double[items.length];
      for (int k = 0; k < items.length; k++) {
        root[k] = history == null ? 1 : Math.sqrt(history[u][k]);
      }
      for (int a = 0; a < items.length; a++) {
        int row = items[a] * n;
        for (int b = 0; b < items.length; b++) {
          g[row + items[b]] += root[a] * root[b];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      g[i * n + i] += lambda;
    }
    DMatrixRMaj inverse = new DMatrixRMaj(n, n);
    // the blocked Cholesky and its inverse on every core for a large model: n^3 flops, most of a training
    LinearSolverDense<DMatrixRMaj> cholesky = concurrent ? LinearSolverFactory_MT_DDRM.symmPosDef(n)
      : LinearSolverFactory_DDRM.symmPosDef(n);
    if (!cholesky.setA(gram)) {
      throw new IllegalStateException("X'X + lambda I is not positive definite; is lambda > 0?");
    }
    cholesky.invert(inverse);
    double[] b = inverse.data;
    double[] diagonal = new double[n];
    for (int j = 0; j < n; j++) {
      diagonal[j] = b[j * n + j];
    }
    for (int i = 0; i < n; i++) {
      int row = i * n;
      for (int j = 0; j < n; j++) {
        b[row + j] = i == j ? 0 : -b[row + j] / diagonal[j];
      }
    }
    return b;
  }

  /** Divides by the largest value when it is positive, so scores of different scales can be added. */
  static void scaleToOne(double[] values) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      max = Math.max(max, v);
    }
    if (max > 0) {
      for (int j = 0; j < values.length; j++) {
        values[j] /= max;
      }
    }
  }
}
