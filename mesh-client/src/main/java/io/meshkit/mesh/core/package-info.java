/**
 * The sans-IO core of the mesh protocol (docs/PROTOCOL.md): namespaces and IDs, router election over slots, registry
 * with delta pushes, heartbeat, failover, router admission and split-brain merge, for several namespaces per node.
 * Messages and their JSON form are in {@link io.meshkit.mesh.core.wire}.
 *
 * <h2>Parts</h2>
 * {@link io.meshkit.mesh.core.MeshNode} hosts one unit per namespace and routes events to it (by the
 * ID they concern, the link's local ID, or the unit that set the timer). A unit is in one phase at a time, each owned
 * by one part: {@code Election} (the search over slots, one {@code SlotAttempt} at a time: claim, connect, check-in,
 * welcome), {@code MemberSession} (the router link, the registry copy, pings), {@code RouterSession} (registry,
 * {@code Admission}, pushes, heartbeat) with {@code SplitBrainProbe} (lower slots every few seconds). Parts report what
 * happened as values; the unit carries out the transition. A meeting namespace (a rendezvous, docs/PROTOCOL.md §13.2.4)
 * is a {@code MeetingUnit}: the same {@code Election} and {@code SplitBrainProbe}, but a link to a slot holder is handed
 * to the application to prove who is there, and a slot whose holder is someone else is shunned.
 *
 * <h2>How an adapter drives it</h2>
 * <ol>
 *   <li>Build a {@link io.meshkit.mesh.core.MeshNode} with the friendly name, the current Transport ID and a seeded
 *       {@code RandomGenerator}; add namespaces with {@link io.meshkit.mesh.core.MeshEvent.AddNamespace} (for the
 *       local network: {@link io.meshkit.mesh.core.Namespace#of(String, byte[])}), then send
 *       {@link io.meshkit.mesh.core.MeshEvent.Start} with the wall clock.</li>
 *   <li>Feed {@link io.meshkit.mesh.core.MeshEvent}s with the current (monotonic) time to
 *       {@code step(event, nowMillis)} from ONE thread, never from inside the carrying out of another step's effects
 *       (queue them), and carry out the returned {@link io.meshkit.mesh.core.Effect}s in order:
 *     <ul>
 *       <li>{@code ClaimId(id)}: open a new PeerJS signaling connection for {@code id} (one ID per connection); answer
 *           {@code IdClaimed} on OPEN, {@code IdTaken} on ID-TAKEN, later {@code IdLost} if it is gone for good.</li>
 *       <li>{@code ReleaseId(id)}: close that signaling connection and its data connections (no events follow).</li>
 *       <li>{@code Connect(localId, remoteId)}: open a DataConnection from the signaling connection of
 *           {@code localId}; answer {@code Connected(localId, remoteId, false)} or {@code ConnectFailed}. Accepted
 *           connections are {@code Connected(localId, remoteId, true)}; closes and ICE
 *           {@code disconnected}/{@code failed} are {@code Disconnected}. One link per (local, remote).</li>
 *       <li>{@code Send(localId, remoteId, msg)}: send {@link io.meshkit.mesh.core.wire.MeshWire#encode} text on a
 *           {@code json} link or {@link io.meshkit.mesh.core.wire.MeshWire#toTree} on a {@code binary} one (drop if
 *           no link). Decode incoming data with the adapter's parser (with limits) then
 *           {@link io.meshkit.mesh.core.wire.MeshWire#fromTree}: {@code Received}, or {@code Discarded} for a
 *           rejected or unknown message.</li>
 *       <li>{@code Disconnect(localId, remoteId)}: close the link. {@code ScheduleAt(at, key)}: deliver
 *           {@code Timer(key)} at {@code at} (no cancel needed; stale keys are ignored).</li>
 *       <li>{@code HandOff(namespace, localId, remoteId, inbound)} (meeting namespaces only): the open link is the
 *           application's from now on; give its messages and close to the application, never to the node; the
 *           application answers {@code MeetingEnded} with its verdict (met, refused, unproven).</li>
 *       <li>{@code Notify}: {@code RoleChanged}, {@code NetworkChanged} (self excluded; the first one may be empty),
 *           {@code Fault}, {@code NamespaceStopped}, {@code Stopped} after {@code Stop} (exit then).</li>
 *     </ul>
 *     An effect or notification the adapter does not know is a bug, not something to skip.</li>
 *   <li>{@code Stop} for a clean exit (goodbyes go out before the IDs are released); {@code RemoveNamespace} to leave
 *       one namespace; {@code TransportIdChanged} when the Transport ID was registered anew.</li>
 * </ol>
 * This package imports only the JDK (enforced by {@code CoreArchitectureTest} and the shared
 * {@code io.meshkit.testkit.arch.SansIoRules}): no clock, no threads, no unseeded random, no DNS.
 */
package io.meshkit.mesh.core;
