package io.meshkit.mesh.tui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The client for people (JLine 3): the two lists as the design draws them, request prompts, a chat view, commands
 * with completion (commands, then names) and a history kept in the data directory. Events arrive from the client's
 * threads and are printed above the prompt, so typing is never interrupted. It shows only what the control events say
 * (the same events a {@code --json} program gets).
 */
public final class TerminalUi implements AutoCloseable {
  private final Terminal terminal;
  private final LineReader reader;
  private final TuiState state = new TuiState();

  /** A terminal UI on the process's terminal; {@code history} is the file of typed lines. */
  public TerminalUi(Path history) throws IOException {
    this.terminal = TerminalBuilder.builder().system(true).build();
    this.reader = LineReaderBuilder.builder().terminal(terminal)
        .completer((r, line, candidates) -> complete(line.words(), line.wordIndex(), candidates))
        .variable(LineReader.HISTORY_FILE, history)
        .variable(LineReader.HISTORY_SIZE, 1_000)
        .build();
  }

  private void complete(List<String> words, int index, List<Candidate> candidates) {
    if (index == 0) {
      TuiCommands.COMMANDS.forEach(c -> candidates.add(new Candidate(c)));
    } else {
      state.names().forEach(n -> candidates.add(new Candidate(n)));
      state.requests().keySet().forEach(n -> candidates.add(new Candidate(Long.toString(n))));
    }
  }

  /** Shows a control event (any thread). */
  public void onEvent(Map<String, Object> event) {
    print(state.onEvent(event));
  }

  private void print(List<String> lines) {
    for (String l : lines) {
      reader.printAbove(l);
    }
  }

  /** Reads and carries out typed lines until {@code /quit} or the end of input. */
  public void run(TuiCommands.Actions actions) {
    TuiCommands commands = new TuiCommands(state, actions);
    while (true) {
      String prompt = state.chat().map(fp -> "[" + state.nameOf(fp) + "] > ").orElse("> ");
      String line;
      try {
        line = reader.readLine(prompt);
      } catch (UserInterruptException e) {
        continue;
      } catch (EndOfFileException e) {
        actions.quit();
        return;
      }
      // Not under a lock: a command may wait for the client's loop, which may be printing an event meanwhile.
      print(commands.handle(line));
    }
  }

  @Override
  public void close() throws IOException {
    terminal.close();
  }
}
