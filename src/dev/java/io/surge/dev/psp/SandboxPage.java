package io.surge.dev.psp;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * The "provider's payment page" for a dev order: the intent's amount and state, and buttons for what a
 * customer might do. It asks for no card number: the sandbox has no use for one, and Surge never sees one.
 */
final class SandboxPage {

  private SandboxPage() {
  }

  /** Only an http(s) address is linked back to, as a provider's checkout page only returns to its merchant. */
  static String returnUrl(String candidate) {
    return candidate != null && candidate.length() < 2000
      && (candidate.startsWith("http://") || candidate.startsWith("https://")) ? candidate : null;
  }

  static void show(RoutingContext ctx, JsonObject intent, String returnUrl) {
    if (intent == null) {
      ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("No such payment intent.");
      return;
    }
    String id = escape(intent.getString("id"));
    String status = escape(intent.getString("status"));
    String amount = String.format("%d.%02d %s", intent.getLong("amount") / 100, intent.getLong("amount") % 100,
      escape(intent.getString("currency").toUpperCase(Locale.ROOT)));
    boolean open = !"succeeded".equals(intent.getString("status")) && !"canceled".equals(intent.getString("status"));
    String buttons = !open ? "<p>Nothing left to do: Surge has been told by webhook.</p>" : """
      <form method="post">%s<button name="outcome" value="succeed">Pay</button>
      <button name="outcome" value="fail">Decline</button>
      <button name="outcome" value="require_action">Ask for 3-D Secure</button></form>""".formatted(
      returnUrl == null ? "" : "<input type=\"hidden\" name=\"return_url\" value=\"" + escape(returnUrl) + "\">");
    String back = returnUrl == null ? ""
      : "<p><a id=\"return\" href=\"" + escape(returnUrl) + "\">Return to the shop</a></p>";
    String html = """
      <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox payment</title>
      <style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto}button{font-size:1rem;margin-right:.5rem}</style>
      </head><body><h1>Surge payment sandbox</h1>
      <p>Intent <code>%s</code> for order <code>%s</code></p><p>Amount: <strong>%s</strong></p>
      <p>Status: <strong id="status">%s</strong></p>%s%s
      <p><small>Development only. No card details are asked for or kept.</small></p></body></html>"""
      .formatted(id, escape(intent.getJsonObject("metadata").getString("order_id", "?")), amount, status, buttons,
        back);
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
      .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
      .end(html);
  }

  private static String escape(String text) {
    return text == null ? ""
      : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
