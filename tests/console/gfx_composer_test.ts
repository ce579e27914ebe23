import assert from "node:assert/strict";
import type { TileSheet } from "../../assets/tiles.ts";
import { Gfx, GFX_STATUS, MAX_SPRITES_PER_FRAME, TILE_OWN_PALETTE } from "../../console/gfx/mod.ts";
import { frameHash } from "../../console/render/mod.ts";
import { Prng } from "../_util/prng.ts";
import { assertFrame, expectedFrame, makeSheet, W } from "./gfx_helpers.ts";

const BG = 0x0000;

interface Emitted {
  glyph: number;
  palette: number;
  x: number;
  y: number;
  layer: number;
  flipX: boolean;
  flipY: boolean;
  priority: number;
  order: number;
}

/**
 * Expected composition, by a different route than painting: each screen pixel shows the covering
 * opaque sprite pixel with the greatest (layer, priority, emission order), else the background.
 */
function expectedSprites(sheet: TileSheet, sprites: Emitted[], bg: Uint16Array): Uint16Array {
  const n = sheet.tileSize;
  return expectedFrame(0, (px, py) => {
    let best: Emitted | null = null;
    let colour = bg[py * W + px];
    for (const s of sprites) {
      const c = px - s.x;
      const r = py - s.y;
      if (c < 0 || c >= n || r < 0 || r >= n) continue;
      const idx = sheet.pixels[
        s.glyph * n * n + (s.flipY ? n - 1 - r : r) * n + (s.flipX ? n - 1 - c : c)
      ];
      if (sheet.transparent && idx === 0) continue;
      const wins = best === null || s.layer > best.layer ||
        (s.layer === best.layer &&
          (s.priority > best.priority || (s.priority === best.priority && s.order > best.order)));
      if (wins) {
        best = s;
        colour = sheet.palettes[s.palette * 16 + idx];
      }
    }
    return colour;
  });
}

function solidSheet(): TileSheet {
  // Tile t is solid index t+1 (no colour key hit); palette 0 colour i = i * 0x1000 + 0x0fff.
  return makeSheet(8, 15, 1, true, (t) => t + 1, (_p, i) => (i * 0x1000 + 0x0fff) & 0xffff);
}

Deno.test("composer: same spot — layer beats priority beats emission order (hand facts)", () => {
  const sheet = solidSheet();
  const gfx = new Gfx({ slotCount: 4, tiles: (s) => (s === 2 ? sheet : null) });
  gfx.clear(BG);
  const at = (tile: number, layer: number, priority: number) =>
    assert.equal(gfx.emitSprite(tile, 0, 40, 40, layer, 2, 0, 0, priority), GFX_STATUS.OK);
  at(0, 2, 0); // layer 2, low priority
  at(1, 1, 255); // layer 1, top priority: still under layer 2
  at(2, 2, 10); // layer 2, priority 10: on top so far
  at(3, 2, 10); // same layer and priority, emitted later: on top
  at(4, 0, 200);
  gfx.present();
  assert.equal(gfx.front[40 * W + 40], sheet.palettes[4], "tile 3 (index 4) wins");
  gfx.clear(BG);
  at(5, 3, 0);
  at(6, 3, 1);
  at(7, 3, 0);
  gfx.present();
  assert.equal(gfx.front[44 * W + 44], sheet.palettes[7], "priority 1 beats later priority 0");
});

Deno.test("composer: 400 seeded sprites with keys, flips, palettes, clipping match the definition", () => {
  const rng = new Prng(0x5e17);
  const sheet = makeSheet(
    16,
    6,
    4,
    true,
    (t, c, r) => (c + 2 * r + 3 * t) % 7 === 0 ? 0 : ((c * 5 + r * 3 + t) % 15) + 1,
    (p, i) => (p * 0x3c1 + i * 0x821 + 1) & 0xffff,
  );
  for (let round = 0; round < 3; round++) {
    const gfx = new Gfx({ slotCount: 16, tiles: (s) => (s === 7 ? sheet : null) });
    gfx.clear(0x2104);
    gfx.fillRect(100, 50, 80, 60, 0x7bef);
    const bg = gfx.back.slice();
    const sprites: Emitted[] = [];
    for (let i = 0; i < 400; i++) {
      const s: Emitted = {
        glyph: rng.int(6),
        palette: rng.int(4),
        x: rng.int(360) - 20,
        y: rng.int(220) - 20,
        layer: rng.int(4),
        flipX: rng.int(2) === 1,
        flipY: rng.int(2) === 1,
        priority: rng.int(4) * 60,
        order: i,
      };
      sprites.push(s);
      const st = gfx.emitSprite(
        s.glyph,
        s.palette,
        s.x,
        s.y,
        s.layer,
        7,
        s.flipX,
        s.flipY,
        s.priority,
      );
      assert.equal(st, GFX_STATUS.OK);
    }
    assert.equal(gfx.spriteCount, 400);
    gfx.present();
    assertFrame(gfx.front, expectedSprites(sheet, sprites, bg), `round ${round}`);
    assert.equal(gfx.spriteCount, 0, "present starts a new sprite frame");
  }
});

Deno.test("composer: the 513th sprite of a frame is SPRITE_LIMIT; refused ones do not count", () => {
  const sheet = solidSheet();
  const gfx = new Gfx({ slotCount: 2, tiles: (s) => (s === 0 ? sheet : null) });
  assert.equal(gfx.emitSprite(0, 0, 0, 0, 0, 1, 0, 0, 0), GFX_STATUS.SLOT_EMPTY);
  assert.equal(gfx.emitSprite(99, 0, 0, 0, 0, 0, 0, 0, 0), GFX_STATUS.TILE_OUT_OF_RANGE);
  assert.equal(gfx.emitSprite(0, 1, 0, 0, 0, 0, 0, 0, 0), GFX_STATUS.PALETTE_OUT_OF_RANGE);
  assert.equal(gfx.spriteCount, 0);
  for (let i = 0; i < MAX_SPRITES_PER_FRAME; i++) {
    assert.equal(
      gfx.emitSprite(i % 15, TILE_OWN_PALETTE, i % 300, 0, i & 3, 0, 0, 0, 0),
      GFX_STATUS.OK,
    );
  }
  assert.equal(gfx.spriteCount, 512);
  assert.equal(gfx.emitSprite(0, 0, 200, 100, 3, 0, 0, 0, 255), GFX_STATUS.SPRITE_LIMIT);
  gfx.compose(); // drawing early does not free room in this frame
  assert.equal(gfx.emitSprite(0, 0, 200, 100, 3, 0, 0, 0, 255), GFX_STATUS.SPRITE_LIMIT);
  gfx.present();
  assert.equal(gfx.front[100 * W + 200], 0, "the refused sprite was not drawn");
  assert.equal(
    gfx.emitSprite(0, 0, 200, 100, 3, 0, 0, 0, 255),
    GFX_STATUS.OK,
    "new frame, new room",
  );
});

Deno.test("composer: compose() puts sprites under later drawing; present() composes the rest", () => {
  const sheet = solidSheet();
  const gfx = new Gfx({ slotCount: 1, tiles: () => sheet });
  gfx.clear(BG);
  gfx.emitSprite(0, 0, 10, 10, 0, 0, 0, 0, 0);
  gfx.compose();
  gfx.fillRect(12, 12, 2, 2, 0x1234); // over the first sprite
  gfx.emitSprite(1, 0, 13, 13, 0, 0, 0, 0, 0); // composed at present, over the rectangle
  gfx.present();
  assert.equal(gfx.front[10 * W + 10], sheet.palettes[1]);
  assert.equal(gfx.front[12 * W + 12], 0x1234);
  assert.equal(gfx.front[13 * W + 13], sheet.palettes[2]);
});

Deno.test("composer: a sprite keeps the sheet it was emitted with", () => {
  const first = solidSheet();
  const second = makeSheet(8, 15, 1, false, () => 0, () => 0x4444);
  let current: TileSheet = first;
  const gfx = new Gfx({ slotCount: 1, tiles: () => current });
  gfx.clear(BG);
  gfx.emitSprite(0, 0, 0, 0, 0, 0, 0, 0, 0);
  current = second; // e.g. asset.commit into the same slot later in the frame
  gfx.present();
  assert.equal(gfx.front[0], first.palettes[1]);
});

Deno.test("framebuffer: present swaps buffers (no copy); drawing never touches the front", () => {
  const gfx = new Gfx({ slotCount: 0, tiles: () => null });
  gfx.clear(0x1111);
  const firstBack = gfx.back;
  gfx.present();
  assert.equal(gfx.front, firstBack);
  assert.ok(gfx.front.every((p) => p === 0x1111));
  gfx.clear(0x2222);
  assert.ok(gfx.front.every((p) => p === 0x1111), "front unchanged while drawing");
  gfx.present();
  assert.ok(gfx.front.every((p) => p === 0x2222));
  assert.ok(gfx.back.every((p) => p === 0x1111), "the back buffer is the frame before");
  assert.equal(gfx.framebuffer.presented, 2);
});

Deno.test("determinism: the same calls give the same frame hashes; a change shows", () => {
  const run = (tweak: boolean) => {
    const sheet = solidSheet();
    const gfx = new Gfx({ slotCount: 1, tiles: () => sheet });
    const rng = new Prng(2024);
    const hashes: string[] = [];
    for (let f = 0; f < 20; f++) {
      gfx.clear(f);
      for (let i = 0; i < 50; i++) {
        gfx.emitSprite(
          rng.int(15),
          0,
          rng.int(330) - 5,
          rng.int(190) - 5,
          rng.int(4),
          0,
          rng.int(2),
          rng.int(2),
          rng.int(256),
        );
      }
      gfx.drawLine(rng.int(320), rng.int(180), rng.int(320), rng.int(180), 0xffff);
      gfx.drawText(5, 5, `frame ${f}`, tweak && f === 13 ? 0xfffe : 0xffff);
      gfx.present();
      hashes.push(frameHash(gfx.front));
    }
    return hashes;
  };
  const a = run(false);
  assert.deepEqual(run(false), a);
  assert.equal(new Set(a).size, 20);
  const b = run(true);
  assert.deepEqual(b.slice(0, 13), a.slice(0, 13));
  assert.notEqual(b[13], a[13]);
});
