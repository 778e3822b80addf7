package io.surge.predictions.customers;

/**
 * One order of a customer as the model sees it: when ({@code at}, epoch seconds), whether it still stands
 * ({@code kept}: not cancelled), whether it was cancelled or (partly) returned, its total in minor units, its items,
 * and its lines' categories (interned to small numbers; a product without a category stands for its own) with
 * each line's amount.
 */
record PastOrder(long at, boolean kept, boolean cancelledOrReturned, long amount, int items, int[] categories,
  long[] lineAmounts) {
}
