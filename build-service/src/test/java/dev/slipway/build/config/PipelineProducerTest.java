package dev.slipway.build.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.build.testing.SshKeys;
import dev.slipway.contracts.SecretValue;

/** The rule that enables ssh: a private key, and always a known_hosts file with it. */
class PipelineProducerTest {

    @TempDir
    Path dir;

    record Ssh(Optional<Path> privateKeyFile, Optional<String> passphrase, Optional<Path> knownHostsFile,
            String user) implements BuildConfig.Ssh {
    }

    @Test
    void leavesSshOffWithoutAPrivateKey() {
        Path knownHosts = SshKeys.writeKnownHosts(dir.resolve("known_hosts"), "# none");

        assertThat(PipelineProducer.ssh(new Ssh(Optional.empty(), Optional.empty(), Optional.of(knownHosts), "git"),
                Optional.empty())).isEmpty();
    }

    @Test
    void refusesAPrivateKeyWithoutAKnownHostsFile() {
        Path key = SshKeys.writePrivateKey(SshKeys.ecdsa(), null, dir.resolve("id_ecdsa"));

        assertThatThrownBy(() -> PipelineProducer.ssh(new Ssh(Optional.of(key), Optional.empty(), Optional.empty(),
                "git"), Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("slipway.build.git.ssh.known-hosts-file");
    }

    @Test
    void turnsSshOnWithAKeyAndKnownHosts() {
        Path key = SshKeys.writePrivateKey(SshKeys.ed25519(), "pass-phrase-1234", dir.resolve("id_ed25519"));
        Path knownHosts = SshKeys.writeKnownHosts(dir.resolve("known_hosts"), "# none");

        assertThat(PipelineProducer.ssh(new Ssh(Optional.of(key), Optional.of("pass-phrase-1234"),
                Optional.of(knownHosts), "git"), Optional.of(SecretValue.of("pass-phrase-1234"))))
                .hasValueSatisfying(ssh -> assertThat(ssh.keyTypes()).containsExactly("ssh-ed25519"));
    }

    @Test
    void stopsTheServiceOnAWrongPassphraseWithoutNamingIt() {
        Path key = SshKeys.writePrivateKey(SshKeys.ed25519(), "pass-phrase-1234", dir.resolve("id_ed25519"));
        Path knownHosts = SshKeys.writeKnownHosts(dir.resolve("known_hosts"), "# none");

        assertThatThrownBy(() -> PipelineProducer.ssh(new Ssh(Optional.of(key), Optional.of("wrong-phrase-5678"),
                Optional.of(knownHosts), "git"), Optional.of(SecretValue.of("wrong-phrase-5678"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(key.toString())
                .hasMessageNotContaining("wrong-phrase-5678")
                .hasMessageNotContaining("pass-phrase-1234");
    }
}
