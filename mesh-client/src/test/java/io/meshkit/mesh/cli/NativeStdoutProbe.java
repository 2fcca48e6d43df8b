package io.meshkit.mesh.cli;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import io.meshkit.mesh.webrtc.WebRtc;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Child process of {@link NativeStdoutIT}: starts libwebrtc's threads (a peer connection creating an offer), prints one
 * event line, then exits like the CLI's {@code quit} — with {@link Main#silenceNativeStdout} unless told not to.
 */
public final class NativeStdoutProbe {
  private NativeStdoutProbe() {}

  public static void main(String[] args) throws Exception {
    PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    RTCPeerConnection pc = WebRtc.factory().createPeerConnection(WebRtc.configuration(List.of()),
        new PeerConnectionObserver() {
          @Override
          public void onIceCandidate(RTCIceCandidate candidate) {}
        });
    pc.createDataChannel("probe", new RTCDataChannelInit());
    CountDownLatch offered = new CountDownLatch(1);
    pc.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
      @Override
      public void onSuccess(RTCSessionDescription description) {
        offered.countDown();
      }

      @Override
      public void onFailure(String error) {
        offered.countDown();
      }
    });
    offered.await(10, TimeUnit.SECONDS);
    stdout.println("{\"event\":\"stopped\"}");
    if (!(args.length > 0 && args[0].equals("--leave-stdout"))) {
      Main.silenceNativeStdout(stdout);
    }
    Runtime.getRuntime().halt(0);
  }
}
