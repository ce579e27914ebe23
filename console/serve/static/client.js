// The --serve page: draws each frame's RGB565 framebuffer on the canvas, schedules each frame's
// 800 stereo samples through WebAudio, sends the keyboard and mouse as pad and touch input, shows
// telemetry, and records the session's input as an --input script. No libraries, no network
// beyond this server. `window.pvm` exposes what a test needs (frames seen, pixels, recording).

const W = 320;
const H = 180;
const FB_BYTES = W * H * 2;
const AUDIO_FRAMES = 800;
const BUTTONS = ["up", "down", "left", "right", "a", "b", "x", "y", "l", "r", "start", "select"];
const KEYS = {
  ArrowUp: "up",
  ArrowDown: "down",
  ArrowLeft: "left",
  ArrowRight: "right",
  KeyZ: "a",
  Space: "a",
  KeyX: "b",
  KeyA: "x",
  KeyS: "y",
  KeyQ: "l",
  KeyW: "r",
  Enter: "start",
  Backspace: "select",
};

const $ = (id) => document.getElementById(id);
const canvas = $("screen");
const ctx2d = canvas.getContext("2d");
const image = ctx2d.createImageData(W, H);
const rgba = new Uint32Array(image.data.buffer);

// RGB565 → RGBA (bit-replicated, as console/render does), as a lookup table.
const LUT = new Uint32Array(65536);
for (let c = 0; c < 65536; c++) {
  const r5 = c >> 11, g6 = (c >> 5) & 63, b5 = c & 31;
  const r = (r5 << 3) | (r5 >> 2), g = (g6 << 2) | (g6 >> 4), b = (b5 << 3) | (b5 >> 2);
  LUT[c] = (255 << 24) | (b << 16) | (g << 8) | r; // little-endian ImageData words
}

const pvm = {
  frames: 0, // frame messages drawn
  frame: -1, // last frame number drawn
  status: null,
  audioChunks: 0,
  recording: null, // { script, frames, hash, changes, memcard } after "stop"
  connected: false,
  pixel(x, y) {
    const d = ctx2d.getImageData(x, y, 1, 1).data;
    return [d[0], d[1], d[2]];
  },
};
globalThis.pvm = pvm;

// --- connection ------------------------------------------------------------------------------
const ws = new WebSocket(`ws://${location.host}/ws`);
ws.binaryType = "arraybuffer";
const sendJson = (o) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(o));
ws.onopen = () => {
  pvm.connected = true;
  canvas.focus();
};
ws.onclose = () => {
  pvm.connected = false;
  $("state").textContent = "disconnected";
};
ws.onmessage = (ev) => {
  if (typeof ev.data === "string") onText(JSON.parse(ev.data));
  else onFrame(ev.data);
};

function onFrame(buf) {
  const v = new DataView(buf);
  if (v.getUint8(0) !== 1) return;
  const flags = v.getUint8(1);
  const frame = v.getUint32(4, true);
  let at = 8;
  if (flags & 1) {
    const px = new Uint16Array(buf, at, W * H); // aligned: 8-byte header
    for (let i = 0; i < px.length; i++) rgba[i] = LUT[px[i]];
    ctx2d.putImageData(image, 0, 0);
    at += FB_BYTES;
  }
  if (flags & 2) playAudio(new Int16Array(buf, at, AUDIO_FRAMES * 2));
  pvm.frames++;
  pvm.frame = frame;
  shown.push(performance.now());
}

// --- audio: 800 stereo frames per console frame, scheduled back to back ------------------------
let audio = null;
let nextTime = 0;
function startAudio() {
  if (audio !== null) return;
  audio = new AudioContext({ sampleRate: 48000 });
  nextTime = 0;
  $("sound").textContent = "♪ Sound is on";
}
function playAudio(pcm) {
  if (audio === null || audio.state !== "running") {
    if (audio !== null && audio.state === "suspended") audio.resume();
    return;
  }
  const buffer = audio.createBuffer(2, AUDIO_FRAMES, 48000);
  const l = buffer.getChannelData(0), r = buffer.getChannelData(1);
  for (let k = 0; k < AUDIO_FRAMES; k++) {
    l[k] = pcm[2 * k] / 32768;
    r[k] = pcm[2 * k + 1] / 32768;
  }
  const src = audio.createBufferSource();
  src.buffer = buffer;
  src.connect(audio.destination);
  const now = audio.currentTime;
  if (nextTime < now + 0.02 || nextTime > now + 0.5) nextTime = now + 0.06; // (re)start the queue
  src.start(nextTime);
  nextTime += AUDIO_FRAMES / 48000;
  pvm.audioChunks++;
}
$("sound").onclick = () => {
  startAudio();
  canvas.focus();
};

// --- input -----------------------------------------------------------------------------------
let pad = 0;
let touch = null;
const sendInput = () => sendJson({ type: "input", pad, touch });
function key(ev, down) {
  const b = KEYS[ev.code];
  if (b === undefined) return;
  ev.preventDefault();
  startAudio(); // a key press is a user gesture: browsers let sound start now
  const bit = 1 << BUTTONS.indexOf(b);
  const next = down ? pad | bit : pad & ~bit;
  if (next !== pad) {
    pad = next;
    sendInput();
  }
}
globalThis.addEventListener("keydown", (ev) => key(ev, true));
globalThis.addEventListener("keyup", (ev) => key(ev, false));
globalThis.addEventListener("blur", () => {
  if (pad !== 0 || touch !== null) {
    pad = 0;
    touch = null;
    sendInput();
  }
});
function touchAt(ev) {
  const r = canvas.getBoundingClientRect();
  const x = Math.min(W - 1, Math.max(0, Math.floor(((ev.clientX - r.left) * W) / r.width)));
  const y = Math.min(H - 1, Math.max(0, Math.floor(((ev.clientY - r.top) * H) / r.height)));
  return [x, y];
}
canvas.addEventListener("pointerdown", (ev) => {
  startAudio();
  canvas.setPointerCapture(ev.pointerId);
  touch = touchAt(ev);
  sendInput();
});
canvas.addEventListener("pointermove", (ev) => {
  if (touch === null) return;
  const t = touchAt(ev);
  if (t[0] !== touch[0] || t[1] !== touch[1]) {
    touch = t;
    sendInput();
  }
});
const release = () => {
  if (touch === null) return;
  touch = null;
  sendInput();
};
canvas.addEventListener("pointerup", release);
canvas.addEventListener("pointercancel", release);

// --- restart, record ---------------------------------------------------------------------------
let recording = false;
$("restart").onclick = () => {
  sendJson({ type: "restart" });
  canvas.focus();
};
$("record").onclick = () => {
  if (!recording) {
    pvm.recording = null;
    $("replay").textContent = "recording from frame 0 (the session restarted)…";
    sendJson({ type: "record" });
  } else sendJson({ type: "stop" });
  canvas.focus();
};

function onRecording(m) {
  pvm.recording = m;
  recording = false;
  $("record").textContent = "● Record";
  $("record").classList.remove("on");
  const name = `input-f${m.frames}.json`;
  const blob = new Blob([m.script], { type: "application/json" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.textContent = `⤓ ${name}`;
  const memcard = m.memcard === "none" ? " --memcard none" : " (from the same starting memcard)";
  $("replay").textContent =
    `recorded ${m.changes} input changes over ${m.frames} frames. Replay:\n` +
    `deno task run cartridge <cartridge> --input ${name} --frames ${m.frames} --hash${memcard}\n` +
    `→ hash ${m.hash}\n`;
  $("replay").appendChild(a);
  a.click();
}

// --- status ----------------------------------------------------------------------------------
const shown = [];
const kib = (n) => `${((n ?? 0) / 1024).toFixed(1)} KiB`;
let lastPaint = 0;
let paintTimer = null;
function onText(m) {
  switch (m.type) {
    case "hello":
      $("title").textContent = `${m.title} — app ${m.appId} · ${m.capabilities.join(", ")}`;
      document.title = `${m.title} · PVM console`;
      break;
    case "status":
      // At most ten paints a second, but always the latest status (the last one of a trapped
      // or halted session must show).
      pvm.status = m;
      if (paintTimer === null) {
        paintTimer = setTimeout(() => {
          paintTimer = null;
          paintStatus(pvm.status);
        }, Math.max(0, 100 - (performance.now() - lastPaint)));
      }
      break;
    case "restarted":
      pvm.frames = 0;
      pvm.frame = -1;
      if (m.record) {
        recording = true;
        $("record").textContent = "■ Stop & download";
        $("record").classList.add("on");
      }
      break;
    case "log": {
      const el = $("log");
      el.textContent += m.lines.join("\n") + "\n";
      if (el.textContent.length > 20000) el.textContent = el.textContent.slice(-10000);
      el.scrollTop = el.scrollHeight;
      break;
    }
    case "recording":
      onRecording(m);
      break;
    case "error":
      $("error").textContent = m.message;
      break;
  }
}

function paintStatus(m) {
  lastPaint = performance.now();
  const t = m.telemetry ?? {};
  const state = $("state");
  state.textContent = m.state;
  state.className = m.state;
  $("frame").textContent = `${m.frame} (session ${m.session})`;
  while (shown.length > 0 && shown[0] < lastPaint - 1000) shown.shift();
  $("fps").textContent = `${shown.length} frames/s`;
  $("gas").textContent = `${m.gasUsed}`;
  $("calls").textContent = `${m.syscalls}`;
  $("overruns").textContent = `${m.overruns}`;
  $("tiles").textContent =
    `${kib(t["asset.tiles_used_bytes"])} in ${t["asset.tiles_slots_occupied"] ?? 0} slots` +
    ` (+${kib(t["asset.tiles_inflight_bytes"])} in flight)`;
  $("sounds").textContent =
    `${kib(t["asset.sounds_used_bytes"])} in ${t["asset.sounds_slots_occupied"] ?? 0} slots` +
    ` (+${kib(t["asset.sounds_inflight_bytes"])} in flight)`;
  $("loads").textContent = `${t["asset.pending"] ?? 0} pending · ${
    t["asset.loading"] ?? 0
  } loading · ${t["asset.ready"] ?? 0} ready`;
  $("sprites").textContent = `${t["gfx.sprites"] ?? "–"} (refused ${
    t["gfx.sprites_refused"] ?? 0
  })`;
  $("voices").textContent = `${t["audio.voices"] ?? "–"}`;
  $("changes").textContent = `${m.inputChanges}`;
  $("hash").textContent = m.hash.slice(0, 16) + "…";
  const e = m.exit;
  $("exit").textContent = e === null
    ? "running"
    : e.kind === "trap"
    ? `TRAP ${e.trap.code} at pc ${e.trap.pc} (${e.trap.opcode}): ${e.trap.message}`
    : e.kind === "panic"
    ? `PANIC ${e.message}`
    : "halted";
}
