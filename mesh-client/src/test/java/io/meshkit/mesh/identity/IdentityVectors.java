package io.meshkit.mesh.identity;

import java.math.BigInteger;
import java.util.HexFormat;

/**
 * The test vectors of docs/PROTOCOL.md §13.1 (identity, handshake transcript, safety number), in one place: the Java
 * tests check them, and the browser interop test hands them to WebCrypto.
 */
public final class IdentityVectors {
  private IdentityVectors() {}

  /** Initiator's private scalar: the P-256 key of RFC 6979 A.2.5. */
  public static final String INITIATOR_D = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
  /** Responder's private scalar: SHA-256 of ASCII "meshkit responder". */
  public static final String RESPONDER_D = "ae910f6ace3d86993fce145bc3a985a0c463129fb397d2a8af71be5eff9f2a0e";
  public static final String INITIATOR_KEY = "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
      + "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
  public static final String RESPONDER_KEY = "0428fb5f99b3b7b183c9983f818e6ae5fec43cb3294df215426ddc662f9adc0893"
      + "7a5d857e8b602d06ff0755c11ee57a441c5afb6ce20307dafc335b3280db33c3";
  public static final String INITIATOR_FINGERPRINT =
      "b18b86ce1389e46de87aa4a5131ce83c1160fa33c087ab15b863574d31d8ff3c";
  public static final String RESPONDER_FINGERPRINT =
      "2e78838f562330aa901473d097732f25d5fedde01f935eebabb701a12f5244e9";
  public static final String INITIATOR_ID = "mesh-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d";
  public static final String RESPONDER_ID = "mesh-n41c0c7ed3b598e44-5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f";
  /** DTLS fingerprints: bytes 00..1f (initiator) and 20..3f (responder). */
  public static final String INITIATOR_DTLS = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  public static final String RESPONDER_DTLS = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";
  /** Nonces: bytes a0..bf (initiator) and c0..df (responder). */
  public static final String INITIATOR_NONCE = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";
  public static final String RESPONDER_NONCE = "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf";
  /** What the initiator signs (435 bytes). */
  public static final String INITIATOR_TO_SIGN = "0000001c6d6573686b69742d636f6e746163742d68616e647368616b652d7631"
      + "00000009696e69746961746f72"
      + "000000296d6573682d30633962386137642d366535662d346133622d326331642d306539663861376236633564"
      + "0000003b6d6573682d6e343163306337656433623539386534342d35663064326134652d386331622d346433612d"
      + "396537662d316132623363346435653666"
      + "00000020" + INITIATOR_DTLS + "00000020" + RESPONDER_DTLS
      + "00000041" + INITIATOR_KEY + "00000041" + RESPONDER_KEY
      + "00000020" + INITIATOR_NONCE + "00000020" + RESPONDER_NONCE;
  /** What the responder signs: the same with role "responder". */
  public static final String RESPONDER_TO_SIGN = INITIATOR_TO_SIGN.replace(
      "00000009696e69746961746f72", "00000009726573706f6e646572");
  public static final String INITIATOR_TO_SIGN_SHA256 =
      "8f76ff4e5968cb54b70539579b3317c58e4106ee18590716aa3274a33e350624";
  public static final String RESPONDER_TO_SIGN_SHA256 =
      "508845df6d1a74b3d64771c925429ab3f08241bcf682c4806bf2b61fa163d8c2";
  /** RFC 6979 (deterministic) signatures by the reference client; WebCrypto's random-k ones differ but verify. */
  public static final String INITIATOR_SIGNATURE = "d333f448c68b4d1bc00c307979344d98b2a1eca633aea8da2796c618ddcfb276"
      + "20370ad44f4b885a848c8bb1fb540a1a82c0065ac1542e88165fbca936f7a3ce";
  public static final String RESPONDER_SIGNATURE = "1ebdf2137b43864643175e3327ef8a2ef2f6a2572b83cbe85b943baab6c840ac"
      + "db44f3b1e31a324d9846a22dfedb2963ba59cddd6930d7839d84d4f16c87661e";
  public static final String SAFETY_NUMBER = "685012628010662492171343260481984048141449435014838439619870";

  public static Identity initiator() {
    return Identity.of(new BigInteger(INITIATOR_D, 16));
  }

  public static Identity responder() {
    return Identity.of(new BigInteger(RESPONDER_D, 16));
  }

  public static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  public static HandshakeTranscript transcript() {
    return new HandshakeTranscript(INITIATOR_ID, RESPONDER_ID, bytes(INITIATOR_DTLS), bytes(RESPONDER_DTLS),
        initiator().publicKey(), responder().publicKey(), bytes(INITIATOR_NONCE), bytes(RESPONDER_NONCE));
  }
}
