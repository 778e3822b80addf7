package io.surge.recommendations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How alike two products' titles are: cosine of their word sets weighed by inverse document frequency (a word
 * few titles share, "cakestand", counts more than "set"). Dense n x n floats (4 n^2 bytes: 5 000 products,
 * 100 MB), 0 on the diagonal; what the personal list blends in so that a product like one the customer buys can
 * be suggested before anybody bought the two together. Pure computation: a worker thread's.
 */
final class TitleSimilarity {

  private TitleSimilarity() {
  }

  static float[] cosine(String[] titles) {
    int n = titles.length;
    List<List<String>> words = new ArrayList<>();
    Map<String, Integer> titlesWith = new HashMap<>();
    for (String title : titles) {
      List<String> mine = new ArrayList<>();
      for (String word : (title == null ? "" : title).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (word.length() > 1 && !mine.contains(word)) {
          mine.add(word);
          titlesWith.merge(word, 1, Integer::sum);
        }
      }
      words.add(mine);
    }
    Map<String, List<Integer>> postings = new HashMap<>();
    double[] norm = new double[n];
    for (int i = 0; i < n; i++) {
      for (String word : words.get(i)) {
        double idf = Math.log((double) n / titlesWith.get(word));
        norm[i] += idf * idf;
        postings.computeIfAbsent(word, k -> new ArrayList<>()).add(i);
      }
    }
    float[] cosine = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (String word : words.get(i)) {
        double idf = Math.log((double) n / titlesWith.get(word));
        for (int j : postings.get(word)) {
          if (j != i) {
            cosine[i * n + j] += (float) (idf * idf / Math.sqrt(norm[i] * norm[j]));
          }
        }
      }
    }
    return cosine;
  }
}
