package dev.slipway.testkit.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.slipway.testkit.MissingProgramException;

class ProgramsTest {

    @Test
    void missingProgramNamesTheDebianPackageToInstall() {
        assertThatThrownBy(() -> Programs.find("slipway-no-such-server", "slipway-no-such-package",
                List.of(Path.of("/usr/bin/slipway-no-such-server"))))
                .isInstanceOf(MissingProgramException.class)
                .hasMessageContaining("slipway-no-such-server is not installed")
                .hasMessageContaining("apt-get install -y slipway-no-such-package");
    }
}
