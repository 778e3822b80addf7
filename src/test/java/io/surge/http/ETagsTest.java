package io.surge.http;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ETagsTest {

  @Test
  @DisplayName("If-Match is read in the ETag form the server writes; none or * means no condition; garbage matches nothing")
  void expectedVersion() {
    assertEquals(7, ETags.expectedVersion(ETags.of(7)));
    assertEquals(7, ETags.expectedVersion(" W/\"7\" "), "a weak tag names the same version");
    assertEquals(7, ETags.expectedVersion("7"), "quotes are optional");
    assertNull(ETags.expectedVersion((String) null));
    assertNull(ETags.expectedVersion("  "));
    assertNull(ETags.expectedVersion("*"));
    assertEquals(-1, ETags.expectedVersion("\"abc\""), "an unreadable tag matches no version");
  }

  @Test
  @DisplayName("A stale If-Match answers 412 precondition_failed; a current or missing one lets the update through")
  void requireCurrent() {
    assertDoesNotThrow(() -> ETags.requireCurrent(null, 3, "changed"));
    assertDoesNotThrow(() -> ETags.requireCurrent(3, 3, "changed"));
    ApiException stale = assertThrows(ApiException.class, () -> ETags.requireCurrent(2, 3, "The product has changed."));
    assertEquals(412, stale.status());
    assertEquals("precondition_failed", stale.code());
    assertEquals("The product has changed.", stale.getMessage());
    assertThrows(ApiException.class, () -> ETags.requireCurrent(ETags.expectedVersion("\"abc\""), 3, "changed"));
  }

  @Test
  @DisplayName("Versions above 127 compare by value, not by Integer identity")
  void versionsAboveTheIntegerCache() {
    Integer fromHeader = ETags.expectedVersion("\"1000\"");
    Integer fromRow = Integer.valueOf(1000);
    assertNotSame(fromHeader, fromRow, "the boxes differ, as a header's and a row's do");
    assertDoesNotThrow(() -> ETags.requireCurrent(fromHeader, fromRow, "changed"));
    assertThrows(ApiException.class, () -> ETags.requireCurrent(ETags.expectedVersion("\"999\""), fromRow, "changed"));
  }
}
