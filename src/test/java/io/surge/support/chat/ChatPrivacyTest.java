package io.surge.support.chat;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.chat.ChatFixtures.Person;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat's part of a customer's data export and account erasure. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ChatPrivacyTest {

  @Test
  @DisplayName("the export carries the customer's conversations; an erasure closes their socket and erases their words")
  void exportAndErase(Vertx vertx) {
    Api api = new Api(vertx);
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    ChatClient chat = ChatClient.hello(vertx, customer.token());
    JsonObject conversation = chat.open("My name is Grace and my card was charged twice");
    chat.say(conversation.getString("id"), "I live at 12 Privet Drive");

    Reply export = api.get("/api/v1/me/export", customer.token());
    assertEquals(200, export.status(), export::toString);
    JsonObject exported = export.json().getJsonArray("chat").getJsonObject(0);
    assertEquals(conversation.getString("id"), exported.getString("id"));
    assertTrue(exported.getJsonArray("messages").encode().contains("12 Privet Drive"), exported::encode);

    Reply erased = api.post("/api/v1/admin/users/" + customer.id() + "/erase", api.adminToken(),
      new JsonObject().put("reason", "asked on the phone"));
    assertEquals(204, erased.status(), erased::toString);
    chat.awaitClose();
    assertEquals(0, TestServer.count("SELECT count(*) FROM chat_messages WHERE body LIKE '%Privet%' "
      + "OR body LIKE '%charged twice%'"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM chat_conversations WHERE subject LIKE '%Grace%'"));
    assertEquals(1, TestServer.count("SELECT count(*) FROM chat_conversations WHERE customer_id = '"
      + customer.id() + "'"), "the conversation itself stays for the support history");
  }
}
