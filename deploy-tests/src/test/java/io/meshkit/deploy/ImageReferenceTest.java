package io.meshkit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meshkit.testkit.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One image reference everywhere: the chart pulls {@code meshkit/<server>:<appVersion>}, the
 * appVersion is the project's version, and every place that builds or names our images (the docs'
 * {@code docker build -t}, compose's defaults, the Dockerfiles' usage lines) uses that same tag, so
 * an image built as documented is the one the chart and compose run.
 */
class ImageReferenceTest {
    private static final Pattern OUR_IMAGE = Pattern.compile("meshkit/(signaling-server|stun-server)(:[A-Za-z0-9_.$-]+)?");
    private static final Pattern BUILD_TAG = Pattern.compile("docker build [^\\n]*?-t (\\S+)");

    @Test
    void shouldTagTheImagesWithTheProjectVersionEverywhere() throws IOException {
        String version = projectVersion();
        JsonNode chart = new YAMLMapper().readTree(RenderedChart.chartDir().resolve("Chart.yaml").toFile());
        assertThat(chart.path("appVersion").asText()).as("Chart.yaml appVersion = the Maven project version").isEqualTo(version);

        RenderedChart rendered = RenderedChart.renderDefaults();
        assertThat(RenderedChart.container(rendered.get("Deployment", RenderedChart.RELEASE + "-mesh-kit-signaling"))
                .path("image").asText()).isEqualTo("meshkit/signaling-server:" + version);
        assertThat(RenderedChart.container(rendered.get("Deployment", RenderedChart.RELEASE + "-mesh-kit-stun"))
                .path("image").asText()).isEqualTo("meshkit/stun-server:" + version);

        String compose = Files.readString(Repo.root().resolve("docker-compose.yml"));
        assertThat(compose).contains("${MESHKIT_SIGNALING_IMAGE:-meshkit/signaling-server:" + version + "}",
                "${MESHKIT_STUN_IMAGE:-meshkit/stun-server:" + version + "}");

        List<String> builds = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Path file : textFiles()) {
            String text = Files.readString(file);
            String where = Repo.root().relativize(file).toString();
            Matcher build = BUILD_TAG.matcher(text);
            while (build.find()) {
                if (build.group(1).startsWith("meshkit/")) {
                    builds.add(where + ": " + build.group(1));
                    if (!build.group(1).endsWith(":" + version)) {
                        wrong.add(where + ": builds " + build.group(1) + " (untagged or another tag)");
                    }
                }
            }
            Matcher image = OUR_IMAGE.matcher(text);
            while (image.find()) {
                String tag = image.group(2);
                if (tag != null && !tag.equals(":" + version) && !tag.startsWith(":$")) {
                    wrong.add(where + ": names " + image.group());
                }
            }
        }
        assertThat(builds).as("the docs' build commands (docs/OPERATIONS.md and the Dockerfiles)")
                .anySatisfy(b -> assertThat(b).startsWith("docs/OPERATIONS.md").contains("meshkit/signaling-server"))
                .anySatisfy(b -> assertThat(b).startsWith("docs/OPERATIONS.md").contains("meshkit/stun-server"));
        assertThat(wrong).as("image references that are not :" + version).isEmpty();
    }

    /** The root pom's own version (the first {@code <version>} after the root artifactId). */
    static String projectVersion() throws IOException {
        String pom = Files.readString(Repo.root().resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>mesh-kit</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).as("root pom version").isTrue();
        return m.group(1).strip();
    }

    /** The repository's docs, compose file, Dockerfiles and chart files (no build output, no node_modules). */
    private static List<Path> textFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Repo.root())) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String rel = Repo.root().relativize(p).toString();
                        return !rel.startsWith(".git/") && !rel.contains("/target/") && !rel.startsWith("target/")
                                && !rel.contains("node_modules/");
                    })
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".md") || n.equals("Dockerfile") || n.endsWith(".Dockerfile") || n.endsWith(".yml")
                                || n.endsWith(".yaml") || n.endsWith(".txt") || n.endsWith(".sh");
                    })
                    .toList();
        }
    }
}
