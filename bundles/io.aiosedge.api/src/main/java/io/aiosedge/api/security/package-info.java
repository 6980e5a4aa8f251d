/**
 * Who may change a gateway: Ed25519 signatures (JDK only) over commands and artifacts, shared by the gateway that
 * verifies them and the operator's signing tool ({@code aios-sign}) that makes them, so that both sides build the
 * same canonical bytes from one implementation.
 *
 * <p>Keys are Ed25519; a public key travels as the base64 of its X.509 SubjectPublicKeyInfo encoding, a private key
 * is stored as PKCS#8. A trust anchor is configured as {@code <key-id>=<base64 public key>} ({@link TrustedKeys}).
 * {@link CommandSignatures} defines the signed form of a cloud command, {@link ArtifactSignatures} the detached
 * signature of a Deployment Package or a model archive.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.aiosedge.api.security;
