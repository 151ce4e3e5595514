"""Sync: several sites share incidents over NATS JetStream (issue 16, phase 1: the transport).

Each site keeps its own store as the source of truth; sync only carries events between sites.
Nothing here is wired into EventStore or the event model yet: the seam is `sync.local.Local`.

Subjects and ids
    One stream, `RUNBOOK`, over `runbook.>` (`sync.subjects`): one subject per incident and
    origin site, `runbook.<incident>.<site>`. Site names and incident ids must be one NATS
    subject token (letters, digits, '-', '_'); a bad site name is a `BadName` usage error in
    both languages. The stream keeps everything (file storage, limits retention with no
    limit) and denies deletes, purges and rollups (`sync.stream`); a pre-existing stream
    that would allow any of them is refused (`StreamMisconfigured`), not used.
    Each message is one event in its travelling form (`sync.wire.Wire`, JSON): the event's
    canonical content plus origin, seq (its place in its origin's chain of that incident),
    prev_hash and hash. The message id (`Nats-Msg-Id`) is the event hash.

Ordering
    A site appends only to its own chains and publishes them in chain order
    (`sync.publisher`) with `Nats-Expected-Last-Subject-Sequence`, so each subject is exactly
    one origin's chain, linear, without gaps. Note: JetStream compares that header with the
    *stream* sequence of the subject's last message (not a per-subject count): the publisher
    keeps the stream sequence from each acknowledgement and, after every (re)connection,
    asks the stream for the subject's last message before publishing. Across subjects there is
    no order the fold may rely on: arrival order differs between sites.

What is refused (and reported in the link state, `sync.link`)
    - publishing: a writer whose idea of its subject is stale (error 10071: another process
      for the same site, a store restored from an older copy) or whose local chain differs
      from the one in the stream, or whose next event does not continue the stream's chain
      (a fork, e.g. a store emptied and written to before it got its chain back). That
      subject is then not published again until sync restarts; nothing is retried blindly.
      A publish whose acknowledgement was lost is recognised (the subject's last message is
      that very event) and counts once.
    - receiving: bytes that are not an event, an event whose subject and content disagree, an
      event whose hash does not verify, whose link does not meet the chain held, or which
      differs from the event held with the same number. The local side decides the last three
      (`Local.receive`); a refused event is acknowledged (it would fail again) and not stored.

Receiving (`sync.consumer`)
    One durable pull consumer per site (`site-<site>`) over `runbook.>`, own subjects included:
    normally those are duplicates; a site that lost its store gets its own chain back instead
    of forking it. A message is acknowledged only after the local side stored it, already held
    it, or refused it, so a crash means redelivery, and redelivery is harmless (duplicates
    are accepted as already held). At each connection the durable is recreated from just
    after its acknowledgement floor if a crashed process left messages unacknowledged (so
    they come again in order, not after `ack_wait` behind newer ones), and from the first
    message if the local side holds fewer events than the stream minus what the durable still
    has to deliver (an emptied or restored store), or answered `Missing` (a gap). Chosen over
    a new durable per start because it keeps the common restart cheap (nothing re-read) and
    re-reads everything only when the local side has evidently lost events. Known blind spot:
    a store that lost a few events *and* whose own unconsumed events hide the shortfall is
    caught only at the next event of that chain (`Missing`) or by the lag that stays > 0.

Working apart (`sync.runner.run`)
    The loop never blocks the local side: it polls for new own events. When the server is
    unreachable it retries with a doubling delay (capped) and the link shows down with the last
    error; on reconnection both directions resume from what the stream and the local side hold.
    The link counts the failures since it was last up. Per other site it shows the last event
    seen and the lag (events of that site in the stream not held here). Only one sync process
    per site at a time: a second one is what the expected-sequence check refuses.

What the fold must do (the lead builds it)
    The incident state must be a pure function of the *set* of events held, in a total order
    that does not depend on arrival: e.g. by (occurred_at in UTC, origin site, seq), seq
    breaking ties within an origin and the site name between origins. Within one origin the
    order is the chain's. Between origins the rule is written down: the same step completed
    at two sites is one completion with both recorded; contradicting decisions, or a level
    set differently, become a visible conflict for the commander to resolve with a new event;
    nothing is dropped. The guard checks an action against everything held so far.

What the store must provide (to implement `sync.local.Local`)
    - events keyed by (incident, origin, seq) with an origin column, one hash chain per
      (incident, origin), GENESIS for the first prev_hash; it never appends to another
      origin's chain except by `receive`;
    - `own_events_after(incident, site, count)` in chain order, as `Wire`;
    - `receive(wire)`: verify the hash with the real rule (runbook.chain over the canonical
      content) and the link to the held head, inside one `BEGIN IMMEDIATE` with the insert;
      answer Accepted (duplicate when the same hash is held at that seq), Refused (bad hash,
      broken link, a different event at that seq) or Missing (seq beyond head + 1);
    - `heads()` {(incident, origin): (count, head hash)} and `incidents()`, cheap (an index);
    - incident ids that cannot collide across sites (e.g. prefixed with the site).
"""
