package dev.hostgap.platform.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps secrets the platform must be able to read back (a project's webhook secret is an HMAC key)
 * encrypted at rest: AES-256-GCM under the platform's secret key, so a database dump or backup does
 * not hand out the keys that sign webhooks. The key comes from {@code hostgap.security.secret-key}
 * (base64 of 32 bytes; what several instances against one database must share) or, when unset, from a
 * key file generated at the first start (mode 0600, beside the embedded database's data).
 */
@Component
public class SecretBox {

    private static final String PREFIX = "v1:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretBox(@Value("${hostgap.security.secret-key:}") String configuredKey,
                     @Value("${hostgap.security.secret-key-file:${user.home}/.hostgap/secret-key}") Path keyFile)
            throws IOException {
        this.key = new SecretKeySpec(configuredKey.isBlank() ? keyFromFile(keyFile) : decode(configuredKey), "AES");
    }

    /** An opaque text for the database: version, nonce and ciphertext, base64. */
    public String seal(String secret) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] all = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, all, 0, nonce.length);
            System.arraycopy(sealed, 0, all, nonce.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The secret, or an exception when it was sealed under another key (a changed or lost key file). */
    public String open(String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored secret cannot be decrypted with this platform's secret key "
                    + "(hostgap.security.secret-key or its key file changed); set the secret again.", e);
        }
    }

    /**
     * A tag only a holder of this platform's key can make for {@code message} (HMAC-SHA256 under a
     * key derived from the secret key, hex, 128 bits): marks that the platform can recognise later
     * as its own and nobody else can forge.
     */
    public String tag(String message) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(key);
            byte[] tagKey = derive.doFinal("hostgap tag key v1".getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(tagKey, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] decode(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64.strip());
        if (bytes.length != 32) {
            throw new IllegalArgumentException("hostgap.security.secret-key must be base64 of 32 bytes "
                    + "(openssl rand -base64 32), not " + bytes.length + " bytes");
        }
        return bytes;
    }

    private static byte[] keyFromFile(Path file) throws IOException {
        if (Files.exists(file)) {
            return decode(Files.readString(file));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(Set.of(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
        Files.writeString(temporary, Base64.getEncoder().encodeToString(bytes));
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return bytes;
    }
}
