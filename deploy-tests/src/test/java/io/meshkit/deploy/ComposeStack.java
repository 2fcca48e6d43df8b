package io.meshkit.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The repository's {@code docker-compose.yml} run by Debian's docker-compose against podman's
 * Docker API, under its own project name, with ports published on loopback only.
 */
final class ComposeStack implements AutoCloseable {
    private final String project;
    private final Map<String, String> env;

    /**
     * @param project compose project name (container names start with it)
     * @param settings the compose file's {@code MESHKIT_*} variables
     */
    ComposeStack(String project, Map<String, String> settings) {
        this.project = project;
        Map<String, String> e = new HashMap<>(settings);
        e.put("DOCKER_HOST", Podman.dockerHost());
        e.put("MESHKIT_BIND", "127.0.0.1");
        e.put("COMPOSE_HTTP_TIMEOUT", "120");
        this.env = Map.copyOf(e);
    }

    /** {@code up -d} with images that already exist (the test builds them with podman). */
    void up() {
        down(); // leftovers of an interrupted run would hold the ports and names
        compose(List.of("up", "-d", "--no-build"), Duration.ofMinutes(3)).requireSuccess("docker-compose up");
    }

    /** The container of a service: docker-compose 1.29 names it {@code <project>_<service>_1}. */
    String containerName(String service) {
        return project + "_" + service + "_1";
    }

    /** What every service printed, for a failure message. */
    String logs() {
        return compose(List.of("logs", "--no-color", "--tail", "40"), Duration.ofSeconds(60)).output();
    }

    Podman.Result compose(List<String> args, Duration timeout) {
        List<String> cmd = new ArrayList<>(List.of("docker-compose", "-p", project, "-f", "docker-compose.yml"));
        cmd.addAll(args);
        return Podman.run(cmd, env, timeout);
    }

    void down() {
        compose(List.of("down", "--volumes", "--remove-orphans", "--timeout", "5"), Duration.ofMinutes(2));
    }

    @Override
    public void close() {
        down();
    }
}
