package io.surge.recommendations;

import java.util.Locale;

/** Why an item is on a list, so a storefront can label it ("Bought together", "For you", ...). */
enum Reason {
  BOUGHT_TOGETHER, FOR_YOU, SIMILAR, TRENDING;

  String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
