package io.meshkit.beacon;

/**
 * The test vectors of docs/PROTOCOL.md §13.3.6 in one place. They were computed twice: by this module and,
 * independently, by Python's {@code cryptography} (OpenSSL's RFC 6979 signer).
 */
public final class BeaconVectors {
  private BeaconVectors() {}

  /** Key A: the P-256 key of RFC 6979 A.2.5. */
  public static final String A_D = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
  public static final String A_KEY = "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
      + "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
  public static final String A_FINGERPRINT = "b18b86ce1389e46de87aa4a5131ce83c1160fa33c087ab15b863574d31d8ff3c";
  public static final String A_JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\","
      + "\"x\":\"YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y\",\"y\":\"eQP-EAi4vJmkGunpVii8ZPLxsgwtfp9Rd6PClNRGIpk\","
      + "\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\"b18b86ce1389e46d\"}";
  /** Key B (the next key of a rotation): SHA-256 of ASCII "meshkit beacon rotation". */
  public static final String B_D = "dd43ed13d78461353d61deb08e8cf5295b8cf6cd36912941ab10eb8c5e0ffd8a";
  public static final String B_KEY = "04d9ddf81e6360418d99c3eca3ae31ed18f41b4c9b643e8f8ad99ba85766c2cd0a"
      + "f20f570d8b12247f6d00b1a264f0678760ca211a164617143178c9f9abf80b40";
  public static final String B_FINGERPRINT = "9d0456562c2f4063eb8c9edb903494cb21803b0a0906e9fe519cb2f9edb98ac6";

  /** 2024-06-10T14:35:00Z. */
  public static final long T = 1718030100000L;

  /** One row of the table: key, period length, time, what is signed, the beacon text, the prefix. */
  public record Row(String d, int lengthSeconds, long unixMillis, long index, String signedHex, String beacon,
                    String prefix) {}

  public static final Row A_600 = new Row(A_D, 600, T, 2863383,
      "6d6573686b69742d626561636f6e2d76310000025800000000002bb117",
      "1.600.2863383.5ab64cf47879908bd2cc8cd9ec97ea2c275bc377fc49ef8c709033f65bd247d0"
          + "b334543375255f0d3c3566915668822e1fe1693e97842c43d87211c0e7ad6953",
      "bcd3b741c3743d98d");
  /** The period's last millisecond: the same beacon. */
  public static final Row A_600_LAST = new Row(A_D, 600, 1718030399999L, 2863383, A_600.signedHex(), A_600.beacon(),
      A_600.prefix());
  /** The next period's first millisecond. */
  public static final Row A_600_NEXT = new Row(A_D, 600, 1718030400000L, 2863384,
      "6d6573686b69742d626561636f6e2d76310000025800000000002bb118",
      "1.600.2863384.cfc9609d68f20b6941a6ccb0351cca90e006d61e7290bc351550661831ba17d1"
          + "85cf29cd36a4b9058e92e46bca3241a5a558a3e447181758e21c5f7fb71668fb",
      "b086169a77f4e3e46");
  public static final Row A_20 = new Row(A_D, 20, T, 85901505,
      "6d6573686b69742d626561636f6e2d76310000001400000000051ec0c1",
      "1.20.85901505.94e21cf916e77c3483d87230f074c42787c106b0731f6e38a30bf372013c0dcb"
          + "1341b88b1e4171a01159177b04f4c93f36321fa5c05d278a0ddf6883b1fadc30",
      "b329940b99ef87102");
  public static final Row A_86400 = new Row(A_D, 86400, T, 19884,
      "6d6573686b69742d626561636f6e2d7631000151800000000000004dac",
      "1.86400.19884.a49f521c2b12d78c5e3d09cd2ee5f3cd12d1a286ccc6d1ed2ac64319f43b903d"
          + "839262a394be8bb3951228507b8725f3aa0ff65ce4695b5ac55dbc0bcfc2585b",
      "bd5a3c41b28506676");
  public static final Row B_600 = new Row(B_D, 600, T, 2863383, A_600.signedHex(),
      "1.600.2863383.a355c57a71122b597a7c2d534f5370189a47e07a5197fe8b8a78514deddda6fd"
          + "d249dab800bc2250d1b138fd02490e521df0ab55b4b50b9ea653b1560e9d9e77",
      "bc0bcc180d369e8a5");

  public static final Row[] ROWS = {A_600, A_600_LAST, A_600_NEXT, A_20, A_86400, B_600};
}
