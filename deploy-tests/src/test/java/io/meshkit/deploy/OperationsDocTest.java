package io.meshkit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.Repo;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The copy-paste blocks of docs/OPERATIONS.md say what the code does: the offline compose block
 * sets the stand-in images and the socket that .ci/setup-podman.sh makes, and only variables the
 * compose file reads.
 */
class OperationsDocTest {
    private static final Pattern EXPORT = Pattern.compile("(?:export\\s+|\\s+)([A-Z_]+)=(\\S+?)\\s*\\\\?$", Pattern.MULTILINE);

    @Test
    void shouldGiveTheOfflineComposeBlockTheImagesAndSocketTheSetupScriptMakes() throws Exception {
        String doc = Files.readString(Repo.root().resolve("docs/OPERATIONS.md"));
        int marker = doc.indexOf("<!-- offline compose");
        assertThat(marker).as("the offline compose block's marker").isPositive();
        int start = doc.indexOf("```", marker) + 3;
        String block = doc.substring(start, doc.indexOf("```", start));
        Map<String, String> set = new LinkedHashMap<>();
        Matcher m = EXPORT.matcher(block);
        while (m.find()) {
            set.put(m.group(1), m.group(2));
        }
        String setup = Files.readString(Repo.root().resolve(".ci/setup-podman.sh"));
        assertThat(set).containsEntry("MESHKIT_BASE_IMAGE", shellValue(setup, "BASE_IMAGE"))
                .containsEntry("MESHKIT_REDIS_IMAGE", shellValue(setup, "REDIS_IMAGE"))
                .containsEntry("MESHKIT_HAPROXY_IMAGE", shellValue(setup, "HAPROXY_IMAGE"))
                .containsEntry("DOCKER_HOST", "unix://" + shellValue(setup, "SOCK_PATH"))
                .hasSize(4);
        String compose = Files.readString(Repo.root().resolve("docker-compose.yml"));
        set.keySet().stream().filter(k -> k.startsWith("MESHKIT_"))
                .forEach(k -> assertThat(compose).as("docker-compose.yml reads %s", k).contains("${" + k));
        assertThat(block).contains("bash .ci/setup-podman.sh").contains("docker-compose up -d --build");
    }

    private static String shellValue(String script, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=(\\S+)$").matcher(script);
        assertThat(m.find()).as("%s= in .ci/setup-podman.sh", name).isTrue();
        return m.group(1);
    }
}
