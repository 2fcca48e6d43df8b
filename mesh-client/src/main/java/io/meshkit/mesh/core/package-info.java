/**
 * The sans-IO core of the mesh protocol: namespace, IDs, router election over slots, registry with delta pushes,
 * heartbeat, failover and split-brain merge. See {@code docs/PROTOCOL.md}.
 *
 * <h2>How an adapter drives it</h2>
 * <ol>
 *   <li>Build {@link io.meshkit.mesh.core.MeshNode} with a {@link io.meshkit.mesh.core.MeshConfig}
 *       ({@code MeshConfig.defaults(prefix)} plus flags), an {@link io.meshkit.mesh.core.Identity} (discovery UUID from
 *       the data dir, name, current Transport ID), the namespace from
 *       {@link io.meshkit.mesh.core.Namespace#of(String, byte[])} and a seeded {@code RandomGenerator}.</li>
 *   <li>Feed {@link io.meshkit.mesh.core.MeshEvent}s with the current time to
 *       {@code step(event, nowMillis)} from ONE thread (it is not thread-safe) and carry out the returned
 *       {@link io.meshkit.mesh.core.Effect}s in order:
 *     <ul>
 *       <li>{@code ClaimId(id)}: open a new PeerJS signaling connection for {@code id} (one ID per connection); answer
 *           {@code IdClaimed} on OPEN, {@code IdTaken} on ID-TAKEN, later {@code IdLost} if it is gone for good.</li>
 *       <li>{@code ReleaseId(id)}: close that signaling connection and its data connections.</li>
 *       <li>{@code Connect(peerId)}: open a DataConnection from the Discovery ID's client; answer
 *           {@code Connected(peerId,false)} or {@code ConnectFailed}. Accepted connections are
 *           {@code Connected(remoteId,true)}; closes and ICE {@code disconnected}/{@code failed} are
 *           {@code Disconnected}. One link per remote ID.</li>
 *       <li>{@code Send(peerId, msg)}: encode with {@link io.meshkit.mesh.core.MeshWire#encode} and send (drop if no
 *           link). Decode incoming data with the adapter's JSON parser (with limits) then
 *           {@link io.meshkit.mesh.core.MeshWire#fromTree}: {@code Received} or {@code Invalid}.</li>
 *       <li>{@code Disconnect(peerId)}: close the link. {@code ScheduleAt(at, key)}: deliver {@code Timer(key)} at
 *           {@code at} (no cancel needed; stale keys are ignored).</li>
 *       <li>{@code Notify}: {@code RoleChanged(role, routerId)} → CLI {@code role} event;
 *           {@code NetworkChanged(peers)} → CLI {@code network} event (self excluded; first one may be empty);
 *           {@code Fault}; {@code Stopped} after {@code Stop} (exit then).</li>
 *     </ul></li>
 *   <li>Send {@code Start} once; {@code Stop} for a clean exit (sends go out before the IDs are released).</li>
 * </ol>
 * This package imports only {@code java.*} (enforced by an ArchUnit test): no clock, no threads, no unseeded random.
 */
package io.meshkit.mesh.core;
