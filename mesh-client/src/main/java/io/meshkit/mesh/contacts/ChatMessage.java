package io.meshkit.mesh.contacts;

/**
 * A chat message as stored and shown.
 *
 * @param contact  fingerprint of the contact it was exchanged with
 * @param outgoing true if we sent it
 * @param id       the sender's message ID
 * @param seq      the sender's sequence number
 * @param sent     the sender's wall clock at sending (Unix ms)
 * @param text     the text ({@link ChatText} rules)
 */
public record ChatMessage(String contact, boolean outgoing, String id, long seq, long sent, String text) {
  public ChatMessage {
    ChatText.requireId(id);
    ChatText.requireSeq(seq);
    ChatText.require(text);
  }

  ContactMessage.Chat wire() {
    return new ContactMessage.Chat(id, seq, sent, text);
  }
}
