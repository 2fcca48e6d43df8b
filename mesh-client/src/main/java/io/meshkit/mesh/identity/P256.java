package io.meshkit.mesh.identity;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/** The curve of every identity key: NIST P-256 (secp256r1), the one ECDSA curve every browser's WebCrypto offers. */
final class P256 {
  static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
  static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);

  private P256() {}
}
