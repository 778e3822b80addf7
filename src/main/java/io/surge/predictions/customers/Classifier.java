package io.surge.predictions.customers;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.HashMap;
import java.util.Map;

/**
 * The two classifiers compared, both XGBoost with the logistic loss: gradient-boosted trees, and logistic
 * regression (XGBoost's linear booster, coordinate descent with an L2 penalty). Both give per-feature contributions
 * in log-odds (exact SHAP values for the trees, weight times centred value for the linear model). Runs on a worker.
 */
final class Classifier implements AutoCloseable {

  enum Algorithm {
    GRADIENT_BOOSTED_TREES("gradient_boosted_trees"), LOGISTIC_REGRESSION("logistic_regression");

    final String wire;

    Algorithm(String wire) {
      this.wire = wire;
    }

    /** The algorithm by its name in the API, or null when the name is none of them. */
    static Algorithm parse(String wire) {
      for (Algorithm algorithm : values()) {
        if (algorithm.wire.equals(wire)) {
          return algorithm;
        }
      }
      return null;
    }
  }

  private final Algorithm algorithm;
  private final Booster booster;
  private final int width;

  private Classifier(Algorithm algorithm, Booster booster, int width) {
    this.algorithm = algorithm;
    this.booster = booster;
    this.width = width;
  }

  Algorithm algorithm() {
    return algorithm;
  }

  static Classifier fit(Algorithm algorithm, float[][] x, float[] labels, RepurchaseSettings settings)
    throws XGBoostError {
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("nthread", settings.threads());
    params.put("seed", 7);
    params.put("verbosity", 0);
    int rounds;
    if (algorithm == Algorithm.GRADIENT_BOOSTED_TREES) {
      params.put("booster", "gbtree");
      params.put("tree_method", "hist");
      params.put("max_depth", settings.treeDepth());
      params.put("eta", settings.treeLearningRate());
      params.put("min_child_weight", 5);
      params.put("subsample", 0.8);
      params.put("colsample_bytree", 0.8);
      rounds = settings.treeRounds();
    } else {
      params.put("booster", "gblinear");
      params.put("updater", "coord_descent");
      params.put("feature_selector", "cyclic");
      params.put("lambda", settings.linearLambda());
      rounds = settings.linearRounds();
    }
    int width = CustomerFeatures.NAMES.size();
    DMatrix data = matrix(x, width);
    try {
      data.setLabel(labels);
      Booster booster = XGBoost.train(data, params, rounds, new HashMap<>(), null, null);
      return new Classifier(algorithm, booster, width);
    } finally {
      data.dispose();
    }
  }

  /** The probability of an order within the horizon, per row. */
  double[] predict(float[][] x) throws XGBoostError {
    DMatrix data = matrix(x, width);
    try {
      float[][] p = booster.predict(data);
      double[] out = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        out[i] = p[i][0];
      }
      return out;
    } finally {
      data.dispose();
    }
  }

  /** Per row, each feature's contribution to the log-odds, then the bias (the last column). */
  float[][] contributions(float[][] x) throws XGBoostError {
    DMatrix data = matrix(x, width);
    try {
      return booster.predictContrib(data, 0);
    } finally {
      data.dispose();
    }
  }

  private static DMatrix matrix(float[][] x, int width) throws XGBoostError {
    float[] flat = new float[x.length * width];
    for (int i = 0; i < x.length; i++) {
      System.arraycopy(x[i], 0, flat, i * width, width);
    }
    return new DMatrix(flat, x.length, width, Float.NaN);
  }

  @Override
  public void close() {
    booster.dispose();
  }
}
