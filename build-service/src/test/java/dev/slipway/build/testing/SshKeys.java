package dev.slipway.build.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/** Real ssh keys for tests, written as OpenSSH writes them. */
public final class SshKeys {

    private SshKeys() {
    }

    /** A new ed25519 key pair (what {@code ssh-keygen -t ed25519} makes). */
    public static KeyPair ed25519() {
        return generate(KeyPairProvider.SSH_ED25519, 256);
    }

    /** A new ECDSA P-256 key pair. */
    public static KeyPair ecdsa() {
        return generate(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    }

    /** A new 2048-bit RSA key pair. */
    public static KeyPair rsa() {
        return generate(KeyPairProvider.SSH_RSA, 2048);
    }

    private static KeyPair generate(String type, int bits) {
        try {
            return KeyUtils.generateKeyPair(type, bits);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a " + type + " key", e);
        }
    }

    /**
     * Writes {@code key} as an OpenSSH private key file readable only by its owner, encrypted with {@code passphrase}
     * (aes256-ctr, bcrypt KDF) unless it is null.
     */
    public static Path writePrivateKey(KeyPair key, String passphrase, Path file) {
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setCipherName("AES");
            encryption.setCipherType("256");
            encryption.setCipherMode("CTR");
            encryption.setPassword(passphrase);
            // Few rounds: the format is the same, the test stays fast.
            encryption.setKdfRounds(2);
        }
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "slipway-test", encryption, out);
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    /** Writes a known_hosts file of {@code lines}. */
    public static Path writeKnownHosts(Path file, String... lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", lines) + "\n");
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }
}
