package io.meshkit.mesh.core;

/** Our role in the namespace, as the CLI reports it. */
public enum Role {
  ROUTER, PEER;

  /** Lower-case wire name ({@code "router"}, {@code "peer"}). */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
