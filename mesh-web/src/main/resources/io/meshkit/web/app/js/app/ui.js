// The app's screens, drawn from the app's state with DOM calls only (every text a peer sent goes in as
// textContent, never as markup). Lists are keyed: a row keeps its element while it stays listed, so the
// keyboard focus stays on the button it was on when the lists change.

import { grouped } from '../contacts/identity.js';

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('data-')) e.setAttribute(k, v);
    else if (k.startsWith('aria-')) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

const short = (fp) => (fp ? fp.slice(0, 16) : '');

function ago(ms, now) {
  if (!ms) return 'never';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} days ago`;
}

const STATE_TEXT = Object.freeze({ direct: 'reached directly', seeking: 'looking for them through rendezvous',
  note: 'waiting to tell them your new address', paused: 'paused: not looked for' });
const STATE_WORDS = Object.freeze({ seeking: 'seeking', note: 'note', paused: 'paused' });

const time = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * Replaces the children of `list` by one <li> per item, reusing the element of each key still present.
 * `fill(li, item)` (re)draws a row; it is called for new and kept rows alike.
 */
function keyed(list, items, key, fill) {
  const old = new Map([...list.children].map((li) => [li.dataset.key, li]));
  const rows = items.map((item) => {
    const k = key(item);
    const li = old.get(k) ?? el('li', { 'data-key': k });
    old.delete(k);
    fill(li, item);
    return li;
  });
  rows.forEach((li, i) => {
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null);
  });
  for (const li of old.values()) li.remove();
}

/** One button per action, reused by its name so that focus survives a redraw. */
function actions(li, wanted) {
  let box = li.querySelector('.row-actions');
  if (!box) {
    box = el('span', { class: 'row-actions actions' });
    li.append(box);
  }
  const old = new Map([...box.children].map((b) => [b.dataset.action, b]));
  const buttons = wanted.map((w) => {
    const b = old.get(w.action) ?? el('button', { type: 'button', 'data-action': w.action });
    old.delete(w.action);
    b.className = w.secondary ? 'secondary' : '';
    b.textContent = w.label;
    b.disabled = !!w.disabled;
    b.setAttribute('aria-label', w.ariaLabel ?? w.label);
    b.onclick = w.onClick;
    return b;
  });
  buttons.forEach((b, i) => {
    if (box.children[i] !== b) box.insertBefore(b, box.children[i] ?? null);
  });
  for (const b of old.values()) b.remove();
}

function who(li, name, detail, tags = []) {
  let w = li.querySelector('.who');
  if (!w) {
    w = el('span', { class: 'who' });
    li.prepend(w);
  }
  w.replaceChildren(el('span', { class: 'name', textContent: name }), ...tags,
    detail ? el('span', { class: 'detail', textContent: detail }) : null);
}

export class View {
  /** @param {object} actions the app's handlers: start(name), request(id), answer(no, yes), openChat(fp), … */
  constructor(actions) {
    this.a = actions;
    this.noticeTimer = null;
    $('welcome-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.a.start($('name-input').value);
    });
    $('chat-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.a.send($('chat-input').value);
    });
    $('chat-input').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.a.send($('chat-input').value);
      }
    });
    $('chat-back').addEventListener('click', () => this.a.closeChat());
    $('chat-safety').addEventListener('click', () => this.a.showSafety());
    $('safety-close').addEventListener('click', () => $('safety').close());
    $('safety-verify').addEventListener('click', () => this.a.toggleVerified());
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !$('chat').hidden && !$('safety').open) this.a.closeChat();
    });
  }

  problem(text) {
    $('problem-text').textContent = text;
    $('problem').hidden = false;
    $('welcome').hidden = true;
    $('lists').hidden = true;
    $('chat').hidden = true;
    $('status').textContent = 'Stopped';
  }

  askName(problem) {
    $('welcome').hidden = false;
    $('name-problem').textContent = problem ?? '';
    $('name-input').setAttribute('aria-invalid', problem ? 'true' : 'false');
    $('name-input').focus();
  }

  showLists() {
    $('welcome').hidden = true;
    $('lists').hidden = false;
  }

  notice(text) {
    $('notice').textContent = text;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => { $('notice').textContent = ''; }, 6_000);
  }

  /** The status line and the "You" panel: where we are in the mesh. */
  drawStatus(s) {
    const m = s.mesh;
    let status;
    if (m.off === 'metered') status = 'Not looking for peers: this connection is metered or cellular';
    else if (m.off) status = 'Not on a network: no public address found';
    else if (m.fault) status = `Problem: ${m.fault}`;
    else if (m.role === 'router') status = 'Router: you';
    else if (m.role === 'member') status = `Router: ${s.routerName() ?? 'another peer'}`;
    else if (m.namespace) status = 'Looking for a router…';
    else status = 'Looking for the network…';
    $('status').textContent = status;
    $('me-name').textContent = s.me.name ?? '';
    $('me-fingerprint').textContent = s.me.fingerprint ?? '';
    $('me-router').textContent = m.role === 'router' ? `you (${m.routerId})` : m.routerId
      ? `${s.routerName() ?? 'another peer'} (${m.routerId})` : 'none yet';
    $('me-network').textContent = m.namespace ?? '—';
  }

  drawLists(s) {
    const now = Date.now();
    const here = [...s.lists.here.map((c) => ({ kind: 'contact', c })), ...s.lists.strangers.map((p) => ({ kind: 'stranger', p }))];
    $('here-empty').hidden = here.length > 0;
    keyed($('here-list'), here, (x) => (x.kind === 'contact' ? `c:${x.c.fingerprint}` : `s:${x.p.discoveryId}`), (li, x) => {
      if (x.kind === 'contact') {
        const c = x.c;
        li.className = 'contact';
        who(li, c.name, c.connected ? 'here, connected' : 'here, connecting…', this.tags(c, s));
        actions(li, [{ action: 'chat', label: 'Open chat', ariaLabel: `Open chat with ${c.name}`, onClick: () => this.a.openChat(c.fingerprint) }]);
      } else {
        const p = x.p;
        const asked = s.asked.has(p.discoveryId);
        li.className = 'stranger';
        who(li, p.name, asked ? 'request sent, waiting for an answer' : 'not a contact');
        actions(li, [{ action: 'connect', label: asked ? 'Requested' : 'Connect', disabled: asked,
          ariaLabel: `Connect with ${p.name}`, onClick: () => this.a.request(p.discoveryId) }]);
      }
    });
    const saved = s.lists.saved;
    $('saved-empty').hidden = saved.length > 0;
    keyed($('saved-list'), saved, (c) => c.fingerprint, (li, c) => {
      li.className = 'contact saved';
      const pinging = s.pinging.has(c.fingerprint);
      const detail = c.connected ? 'reachable now' : pinging ? 'pinging…' : `last seen ${ago(c.lastSeen, now)}`;
      who(li, c.name, detail, this.tags(c, s));
      actions(li, [
        { action: 'ping', label: pinging ? 'Pinging…' : 'Ping', disabled: pinging || c.connected, secondary: true,
          ariaLabel: `Ping ${c.name}`, onClick: () => this.a.ping(c.fingerprint) },
        { action: 'chat', label: 'Open chat', ariaLabel: `Open chat with ${c.name}`, onClick: () => this.a.openChat(c.fingerprint) },
      ]);
    });
  }

  tags(c, s) {
    const out = [];
    if (c.verified) out.push(el('span', { class: 'tag ok', textContent: 'verified' }));
    const sp = s.special?.[c.fingerprint];
    if (sp?.special) {
      const label = sp.state === 'direct' ? 'special' : `special · ${STATE_WORDS[sp.state] ?? sp.state}`;
      out.push(el('span', { class: 'tag special', textContent: label }));
    }
    const unread = s.unread.get(c.fingerprint) ?? 0;
    if (unread > 0) out.push(el('span', { class: 'badge', textContent: String(unread), 'aria-label': `${unread} unread` }));
    if (c.queued > 0) out.push(el('span', { class: 'tag warn', textContent: `${c.queued} queued` }));
    return out;
  }

  drawRequests(s) {
    const offers = Object.entries(s.special ?? {}).filter(([, v]) => v.asked).map(([fp]) => s.contact(fp)).filter(Boolean);
    const prompts = [...(s.pausePrompts?.values() ?? [])];
    const list = [...s.requests.values(), ...offers.map((c) => ({ special: c })), ...prompts.map((p) => ({ pause: p }))];
    $('requests').hidden = list.length === 0;
    const key = (r) => (r.special ? `special:${r.special.fingerprint}` : r.pause ? `pause:${r.pause.contact}` : String(r.request));
    keyed($('request-list'), list, key, (li, r) => {
      if (r.special) return this.drawSpecialOffer(li, r.special);
      if (r.pause) return this.drawPausePrompt(li, r.pause);
      li.className = 'request';
      const detail = `Key ${short(r.fingerprint)}… · Safety number ${r.safety ? grouped(r.safety) : 'being computed…'}`;
      who(li, `${r.name} wants to become your contact`, detail);
      actions(li, [
        { action: 'accept', label: 'Accept', ariaLabel: `Accept ${r.name}`, onClick: () => this.a.answer(r.request, true) },
        { action: 'reject', label: 'Reject', secondary: true, ariaLabel: `Reject ${r.name}`, onClick: () => this.a.answer(r.request, false) },
      ]);
    });
  }

  drawSpecialOffer(li, c) {
    li.className = 'request';
    who(li, `${c.name} asks to become special contacts`,
      'You would find each other again even when your addresses change, through a private meeting place only the two of you can compute.');
    actions(li, [
      { action: 'accept', label: 'Accept', ariaLabel: `Become special contacts with ${c.name}`, onClick: () => this.a.makeSpecial(c.fingerprint) },
      { action: 'reject', label: 'Decline', secondary: true, ariaLabel: `Decline ${c.name}'s special-contact request`, onClick: () => this.a.declineSpecial(c.fingerprint) },
    ]);
  }

  drawPausePrompt(li, p) {
    li.className = 'request';
    who(li, `${p.name} has not been seen for ${ago(p.lastSeen, Date.now()).replace(' ago', '')}`,
      'Looking for a special contact costs a connection to the signaling server now and then. Pause looking for them?');
    actions(li, [
      { action: 'pause', label: 'Pause', ariaLabel: `Pause looking for ${p.name}`, onClick: () => this.a.pauseSpecial(p.contact, true) },
      { action: 'keep', label: 'Keep looking', secondary: true, ariaLabel: `Keep looking for ${p.name}`, onClick: () => this.a.keepLooking(p.contact) },
    ]);
  }

  /** The special-contact line of the chat view: what the pair is, and what the user can do about it. */
  drawSpecial(c, sp, metAt, available) {
    const box = $('chat-special');
    box.hidden = !available; // rendezvous not running yet: with a beacon, none was had so far
    if (!available) return;
    let text;
    let wanted;
    const fp = c.fingerprint;
    if (sp?.special) {
      const met = metAt ? ` · found again through rendezvous at ${time(metAt)}` : '';
      text = `Special contact · ${STATE_TEXT[sp.state] ?? sp.state}${sp.state === 'direct' ? met : ''}`;
      wanted = [
        sp.state === 'paused'
          ? { action: 'resume', label: 'Resume', secondary: true, ariaLabel: `Resume looking for ${c.name}`, onClick: () => this.a.pauseSpecial(fp, false) }
          : { action: 'pause', label: 'Pause', secondary: true, ariaLabel: `Pause looking for ${c.name}`, onClick: () => this.a.pauseSpecial(fp, true) },
        { action: 'end-special', label: 'End special', secondary: true, ariaLabel: `Stop being special contacts with ${c.name}`, onClick: () => this.a.endSpecial(fp) },
      ];
    } else if (sp?.asking) {
      text = 'Asked to become special contacts; waiting for their answer';
      wanted = [{ action: 'end-special', label: 'Withdraw', secondary: true, ariaLabel: 'Withdraw the special-contact request', onClick: () => this.a.endSpecial(fp) }];
    } else if (sp?.asked) {
      text = 'They ask to become special contacts';
      wanted = [
        { action: 'make-special', label: 'Accept', ariaLabel: `Become special contacts with ${c.name}`, onClick: () => this.a.makeSpecial(fp) },
        { action: 'decline-special', label: 'Decline', secondary: true, ariaLabel: 'Decline the special-contact request', onClick: () => this.a.declineSpecial(fp) },
      ];
    } else {
      text = 'Ordinary contact: reached at its last address only';
      wanted = [{ action: 'make-special', label: 'Make special', secondary: true, ariaLabel: `Make ${c.name} a special contact`, onClick: () => this.a.makeSpecial(fp) }];
    }
    $('special-state').textContent = text;
    actions(box, wanted);
  }

  openChat(c) {
    $('lists').hidden = true;
    $('chat').hidden = false;
    $('chat-h').textContent = c.name;
    $('chat-problem').textContent = '';
    this.drawChatState(c);
    $('chat-input').focus();
  }

  drawChatState(c) {
    if (!c) return;
    $('chat-h').textContent = c.name;
    const reach = c.connected ? 'connected' : c.queued > 0 ? 'not reachable now: messages wait in the outbox' : 'not connected';
    $('chat-state').textContent = `${c.verified ? 'Verified' : 'Not verified (compare the safety number)'} · ${reach}`;
  }

  closeChat(focusFp) {
    $('chat').hidden = true;
    $('lists').hidden = false;
    const row = [...document.querySelectorAll('li.contact')].find((li) => li.dataset.key.endsWith(focusFp));
    const button = row?.querySelector('button[data-action="chat"]');
    if (button) button.focus();
    else $('main').focus();
  }

  drawMessages(messages) {
    keyed($('chat-log'), messages, (m) => `${m.outgoing ? 'o' : 'i'}:${m.seq}`, (li, m) => {
      li.className = m.outgoing ? 'out' : 'in';
      const status = m.outgoing ? (m.delivered ? ' · delivered' : ' · queued') : '';
      li.replaceChildren(el('span', { class: 'text', textContent: m.text }),
        el('span', { class: 'meta', textContent: `${m.outgoing ? 'you' : 'them'} · ${time(m.sent)}${status}` }));
    });
    const log = $('chat-log');
    log.lastElementChild?.scrollIntoView({ block: 'end' });
  }

  chatProblem(text) {
    $('chat-problem').textContent = text ?? '';
  }

  clearComposer() {
    $('chat-input').value = '';
  }

  safetyOpen() {
    return $('safety').open;
  }

  showSafety(c, number, mine) {
    $('safety-h').textContent = `Safety number with ${c.name}`;
    $('safety-number').textContent = number ? grouped(number) : 'being computed…';
    $('safety-state').textContent = `${c.verified ? 'You marked this contact verified.' : 'Not verified yet.'}`
      + ` Their key: ${short(c.fingerprint)}… · yours: ${short(mine)}…`;
    $('safety-verify').textContent = c.verified ? 'Mark as not verified' : 'Mark as verified';
    if (!$('safety').open) $('safety').showModal();
  }
}
