package io.meshkit.e2e.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.meshkit.testkit.Repo;
import io.meshkit.testkit.lab.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One tab of the browser app, driven the way a person uses it: through its buttons, fields and the text it shows,
 * found by their accessible roles and names (so the tests also check that a screen reader can find them). Each
 * page has its own browser context, so its own storage: its own identity and discovery UUID, like a separate
 * device (two tabs of one profile share them, and the app refuses the second one).
 */
final class AppPage implements MeshGroups.Participant {
    /** A phone's screen (CSS pixels), for the screenshots too. */
    static final int WIDTH = 390;
    static final int HEIGHT = 780;

    final String name;
    final BrowserContext context;
    Page page;
    private final String url;
    private final List<String> console = new CopyOnWriteArrayList<>();

    private AppPage(String name, BrowserContext context, String url) {
        this.name = name;
        this.context = context;
        this.url = url;
    }

    /** Opens the app at {@code url} in a new context of {@code browser}. */
    static AppPage open(Browser browser, String url, String name) {
        return open(browser, url, name, context -> { });
    }

    /** Opens the app at {@code url} in a new context of {@code browser}, which {@code setup} prepares first. */
    static AppPage open(Browser browser, String url, String name, java.util.function.Consumer<BrowserContext> setup) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(WIDTH, HEIGHT));
        setup.accept(context);
        AppPage p = new AppPage(name, context, url);
        p.page = context.newPage();
        p.listen(p.page);
        p.page.navigate(url);
        return p;
    }

    private void listen(Page pg) {
        pg.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));
        pg.onPageError(e -> console.add("pageerror: " + e));
    }

    /** The first start: types the name into the welcome form and starts. */
    AppPage start() {
        begin();
        Await.until(() -> status().startsWith("Router:"), Duration.ofSeconds(60), this::describe);
        return this;
    }

    /** Types the name into the welcome form and starts, without waiting for a router. */
    AppPage begin() {
        Locator field = page.getByLabel("Your name");
        field.waitFor();
        field.fill(name);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();
        return this;
    }

    String status() {
        return page.locator("#status").textContent();
    }

    boolean isRouter() {
        return status().equals("Router: you");
    }

    @Override
    public String role() {
        String s = status();
        return s.equals("Router: you") ? "router" : s.startsWith("Router: ") ? "member" : null;
    }

    @Override
    public String routerId() {
        String r = page.locator("#me-router").textContent();
        int open = r.lastIndexOf('(');
        return open < 0 ? null : r.substring(open + 1, r.length() - 1);
    }

    @Override
    public String name() {
        return name;
    }

    /** Every name under "On this network": contacts found here and strangers. */
    @Override
    public Set<String> peerNames() {
        return names("#here-list li");
    }

    Set<String> strangers() {
        return names("#here-list li.stranger");
    }

    Set<String> contactsHere() {
        return names("#here-list li.contact");
    }

    Set<String> saved() {
        return names("#saved-list li");
    }

    private Set<String> names(String rows) {
        return new TreeSet<>(page.locator(rows + " .who .name").allTextContents());
    }

    String fingerprint() {
        return page.locator("#me-fingerprint").textContent();
    }

    Locator button(String accessibleName) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(accessibleName).setExact(true));
    }

    /** Clicks Connect on a stranger's row. */
    void connect(String other) {
        button("Connect with " + other).click();
    }

    boolean hasRequestFrom(String other) {
        return button("Accept " + other).count() == 1;
    }

    /** The request's text as shown (name, key, safety number once computed). */
    String requestText(String other) {
        return page.locator("#request-list li").filter(new Locator.FilterOptions().setHasText(other)).textContent();
    }

    void openChat(String other) {
        button("Open chat with " + other).click();
        page.locator("#chat-h").filter(new Locator.FilterOptions().setHasText(other)).waitFor();
    }

    /** Types into the message field and presses Enter (the keyboard way to send). */
    void send(String text) {
        Locator field = page.getByLabel("Message");
        field.fill(text);
        field.press("Enter");
    }

    /** The chat log as "in:text" / "out:text (status)". */
    List<String> chat() {
        List<String> out = new ArrayList<>();
        for (Locator li : page.locator("#chat-log li").all()) {
            String cls = li.getAttribute("class");
            String text = li.locator(".text").textContent();
            String meta = li.locator(".meta").textContent();
            out.add(("out".equals(cls) ? "out:" : "in:") + text + ("out".equals(cls) ? (meta.endsWith("delivered") ? " (delivered)"
                    : " (queued)") : ""));
        }
        return out;
    }

    void back() {
        button("Back to the lists").click();
    }

    /** Opens the safety-number dialog of the open chat and returns the 60 digits as shown (12 groups). */
    String safetyNumber() {
        button("Safety number").click();
        Locator n = page.locator("#safety-number");
        Await.until(() -> n.textContent().matches("(\\d{5} ){11}\\d{5}"), Duration.ofSeconds(20), this::describe);
        return n.textContent();
    }

    void closeDialog() {
        button("Close").click();
    }

    void reload() {
        page.reload();
    }

    /** Closes the tab (the app leaves cleanly on pagehide). */
    void closeTab() {
        page.close();
    }

    /**
     * From the top of the page (its first element, the skip link), the accessible names (aria-label, else text) of
     * the first {@code n} elements Tab focuses: the order a keyboard user meets the controls in.
     */
    List<String> tabOrder(int n) {
        // The first stop is the page's first element, the skip link; focusing it sets where Tab goes on from.
        page.evaluate("() => document.querySelector('a.skip').focus()");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                page.keyboard().press("Tab");
            }
            out.add((String) page.evaluate("() => { const e = document.activeElement;"
                    + " return e ? (e.getAttribute('aria-label') || e.textContent.trim()) : null; }"));
        }
        return out;
    }

    void screenshot(String file) {
        // The passing notice (a toast) would hide part of the screen in the documentation's pictures.
        page.evaluate("() => { document.getElementById('notice').textContent = ''; }");
        Path dir = screenshotDir();
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(file)));
    }

    /**
     * Where screenshots go: {@code target/screenshots} of this module; with {@code MESHKIT_UPDATE_SCREENSHOTS=1},
     * the ones the README shows ({@code mesh-web/docs/screenshots}).
     */
    static Path screenshotDir() {
        return "1".equals(System.getenv("MESHKIT_UPDATE_SCREENSHOTS"))
                ? Repo.root().resolve("mesh-web/docs/screenshots")
                : Path.of("target", "screenshots").toAbsolutePath();
    }

    @Override
    public String describe() {
        try {
            Object events = page.evaluate("() => JSON.stringify((window.meshApp?.events || []).slice(-15))");
            return name + ": status=" + status() + " here=" + peerNames() + " saved=" + saved() + "\n  events: " + events
                    + "\n  console: " + String.join("\n    ", console.subList(Math.max(0, console.size() - 15), console.size()));
        } catch (RuntimeException e) {
            return name + ": (page gone: " + e.getMessage() + ")";
        }
    }

    void close() {
        try {
            context.close();
        } catch (RuntimeException ignored) {
            // the browser may be gone already
        }
    }
}
