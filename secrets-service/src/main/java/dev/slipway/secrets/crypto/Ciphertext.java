package dev.slipway.secrets.crypto;

import java.util.Arrays;

/**
 * An AES-GCM ciphertext: the nonce and the encrypted bytes followed by the tag.
 *
 * @param nonce 12 random bytes, never reused under one key
 * @param bytes ciphertext and 16-byte tag
 */
public record Ciphertext(byte[] nonce, byte[] bytes) {

    public Ciphertext {
        nonce = nonce.clone();
        bytes = bytes.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ciphertext that && Arrays.equals(nonce, that.nonce) && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(nonce) + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Ciphertext[" + bytes.length + " bytes]";
    }
}
