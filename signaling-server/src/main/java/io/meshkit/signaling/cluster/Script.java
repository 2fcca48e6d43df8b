package io.meshkit.signaling.cluster;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}): a call sends the digest, not the script. Redis
 * forgets scripts when it restarts or on {@code SCRIPT FLUSH}; the first call after that gets
 * {@code NOSCRIPT} and is sent once with the whole script ({@code EVAL}, which also caches it again).
 */
record Script(String name, String text, String sha) {
    static Script of(String name, String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return new Script(name, text, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    <T> CompletionStage<T> run(RedisAsyncCommands<String, String> cmd, ScriptOutputType type, String[] keys,
                               String... args) {
        CompletionStage<T> bySha = cmd.evalsha(sha, type, keys, args);
        return bySha.exceptionallyCompose(e -> noScript(e)
                ? cmd.<T>eval(text, type, keys, args)
                : CompletableFuture.failedFuture(e));
    }

    private static boolean noScript(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisNoScriptException) {
                return true;
            }
        }
        return false;
    }
}
