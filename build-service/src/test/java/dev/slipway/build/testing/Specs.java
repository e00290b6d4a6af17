package dev.slipway.build.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code slipway.yaml} texts and application files for test repositories. */
public final class Specs {

    /** Debian's busybox-static: a real, statically linked program, so the test image would really run. */
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private Specs() {
    }

    /**
     * A static site served by busybox from scratch: {@code bin/} (the dependency) and {@code www/} (the code) in
     * layers of their own.
     */
    public static String site(String app, String extraBuild) {
        return """
                app: %s
                build:
                  baseImage: scratch
                  commands:
                    - mkdir -p www && cp site/*.html www/
                  testCommands:
                    - test -s www/index.html
                  commandTimeout: 60s
                  layers:
                    - name: runtime
                      from: [bin/]
                      to: /bin
                    - name: site
                      from: [www/]
                      to: /www
                  entrypoint: [/bin/busybox, httpd, -f, -p, "8080", -h, /www]
                  port: 8080
                  user: "1000"
                  env:
                    GREETING: hello
                    COLOUR: blue
                %s
                environments:
                  - name: staging
                """.formatted(app, extraBuild.indent(2).stripTrailing());
    }

    /** A repository holding the busybox site with {@code spec} as its {@code slipway.yaml}. */
    public static TestRepository siteRepository(Path dir, String spec, String page) {
        TestRepository repo = TestRepository.create(dir);
        if (Files.isExecutable(BUSYBOX)) {
            repo.copy(BUSYBOX, "bin/busybox", true);
        } else {
            // Without Debian's busybox-static the image still has a dependency layer, just not a runnable one.
            repo.write("bin/busybox", "#!/bin/sh\necho busybox stand-in\n".getBytes(), true);
        }
        return repo.write("site/index.html", page).write("slipway.yaml", spec);
    }
}
