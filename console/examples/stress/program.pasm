; STRESS — every syscall of the console, 520 sprites a frame (the last 8 refused with
; SPRITE_LIMIT), and a frame overrun every three seconds.
;
;  every frame   input.pad_masks / pad / touch; gfx.clear; the background tile layer scrolls
;                (gfx.scroll_tile_layer); 520 balls move and are emitted on four layers with
;                flips and priorities (composer.emit_sprite: 512 OK, 8 SPRITE_LIMIT);
;                composer.compose; lines, circles and a disc over them, a row of blitted tiles
;                (gfx.blit_tile, also from TILES slot 3 when the streamed sheet is committed:
;                SLOT_EMPTY otherwise); the HUD (fill_rect, draw_text); audio.set_volume / set_pan
;                / set_pitch modulate the drone on voice 0; audio.is_playing counts voices;
;                gfx.present.
;  A held        the balls stop; the touch pointer draws a ring where it is.
;  every 20      a blip on any voice (audio.play 255), panned and pitched by the frame.
;  every 120     asset.load of tiles.extra into TILES slot 3, polled with asset.status, then
;                asset.commit (odd loads) or asset.cancel (even loads); gfx.clear_tile_layer and
;                gfx.set_tile_layer switch the background off for a second and back on.
;  every 180     a busy loop of about 1.2 M gas: the frame's budget (1 M) runs out, the frame ends
;                as an overrun and the loop goes on next frame; the guest sees it as a jump in
;                system.frame and counts it.
;  every 300     the memcard: slot_count, slot_stat, slot_write + slot_commit of the HUD line,
;                slot_read, slot_clear of an empty slot (status EMPTY).
;  every 600     audio.stop of the drone, played again 30 frames later.
;  every 60      log.write of the HUD line. The cartridge halts after presenting frame 1200.

.import system.frame_sync@1
.import system.frame@1
.import log.write@1
.import input.pad@1
.import input.pad_masks@1
.import input.touch@1
.import asset.load@1
.import asset.status@1
.import asset.commit@1
.import asset.cancel@1
.import mem.slot_count@1
.import mem.slot_stat@1
.import mem.slot_read@1
.import mem.slot_write@1
.import mem.slot_commit@1
.import mem.slot_clear@1
.import gfx.clear@1
.import gfx.fill_rect@1
.import gfx.draw_line@1
.import gfx.draw_circle@1
.import gfx.draw_disc@1
.import gfx.draw_text@1
.import gfx.blit_tile@1
.import gfx.set_tile_layer@1
.import gfx.scroll_tile_layer@1
.import gfx.clear_tile_layer@1
.import gfx.present@1
.import composer.emit_sprite@1
.import composer.compose@1
.import audio.play@1
.import audio.stop@1
.import audio.set_volume@1
.import audio.set_pan@1
.import audio.set_pitch@1
.import audio.is_playing@1

.equ SPRITES, 520
.equ END_FRAME, 1200
.equ BUSY_LOOPS, 600000
.equ BALLS, 0                    ; TILES slots
.equ BACK, 1
.equ EXTRA, 3
.equ OWN, 0xffff
.equ HUD_BG, 0x0841
.equ WHITE, 0xffff
.equ YELLOW, 0xffe0
.equ CYAN, 0x07ff

.stack_size 4096

.ro_data
s_extra: .ascii "tiles.extra"
s_done:  .ascii "stress: done"
s_end:

.rw_data
haltAddr:  .u64 0
frameNo:   .u64 0
padDown:   .u64 0
touchDown: .u64 0
touchX:    .u64 0
touchY:    .u64 0
rng:       .u64 0x5eed
queued:    .u64 0
refused:   .u64 0
overruns:  .u64 0
voices:    .u64 0
loads:     .u64 0
saves:     .u64 0
handle:    .u64 0              ; the live tiles.extra load (0 = none)
raTri:     .u64 0
line1:     .ascii "STRESS  FRAME "
l1frame:   .ascii "0000  SPRITES "
l1queued:  .ascii "0000  REFUSED "
l1refused: .ascii "0000"
line1End:
line2:     .ascii "OVERRUNS "
l2over:    .ascii "0000  VOICES "
l2voices:  .ascii "0000  LOADS "
l2loads:   .ascii "0000  SAVES "
l2saves:   .ascii "0000"
line2End:
readBack:  .zero 64
.align 4
balls:     .zero 8320          ; 520 × (x, y, dx, dy) i32
cells:     .zero 4096          ; 32 × 32 background cells

.code
.jump_table main
.export main, main

main:
    store_u64 [haltAddr], ra
    ; the balls: random places and speeds (−3…3, never 0)
    load_imm s0, balls
    load_imm s1, SPRITES
    fallthrough
init_ball:
    call rand
    load_imm t1, 313
    rem_u_64 t0, a0, t1
    store_ind_u32 [s0], t0
    call rand
    load_imm t1, 173
    rem_u_64 t0, a0, t1
    store_ind_u32 [s0 + 4], t0
    call rand
    and_imm t0, a0, 3
    add_imm_64 t0, t0, 1
    and_imm t1, a0, 4
    branch_eq_imm t1, 0, dx_set
    neg_add_imm_64 t0, t0, 0
    fallthrough
dx_set:
    store_ind_u32 [s0 + 8], t0
    shlo_r_imm_64 t1, a0, 3
    and_imm t0, t1, 1
    add_imm_64 t0, t0, 1
    and_imm t1, t1, 2
    branch_eq_imm t1, 0, dy_set
    neg_add_imm_64 t0, t0, 0
    fallthrough
dy_set:
    store_ind_u32 [s0 + 12], t0
    add_imm_64 s0, s0, 16
    add_imm_64 s1, s1, -1
    branch_ne_imm s1, 0, init_ball
    ; the background map: 32 × 32 cells of tiles 0…3 in diagonals, some flipped
    load_imm s0, cells
    load_imm t0, 0
    fallthrough
init_cell:
    shlo_r_imm_64 t1, t0, 5              ; row
    and_imm t2, t0, 31                   ; column
    add_64 t1, t1, t2
    and_imm t2, t1, 3                    ; tile
    and_imm t1, t1, 4
    shlo_l_imm_64 t1, t1, 22             ; bit 2 → bit 24: flip x
    or t2, t2, t1
    add_imm_64 t2, t2, 0xff0000          ; the tile's own palette
    store_ind_u32 [s0], t2
    add_imm_64 s0, s0, 4
    add_imm_64 t0, t0, 1
    branch_ne_imm t0, 1024, init_cell
    call set_background
    call drone
    fallthrough

; --- the frame loop ----------------------------------------------------------------------------
frame:
    ecalli system.frame
    store_u64 [frameNo], a0
    ecalli input.pad_masks
    store_u64 [padDown], a0
    load_imm a0, 4
    ecalli input.pad                     ; A again, one button at a time (same answer)
    ecalli input.touch
    store_u64 [touchDown], a0
    store_u64 [touchX], a4
    store_u64 [touchY], a5
    ; the overrun: about 1.2 M gas every 180 frames
    load_u64 t0, [frameNo]
    load_imm t1, 180
    rem_u_64 t0, t0, t1
    branch_ne_imm t0, 90, no_burn
    load_imm t0, BUSY_LOOPS
    fallthrough
burn:
    add_imm_64 t0, t0, -1
    branch_ne_imm t0, 0, burn
    ecalli system.frame                  ; a later frame: the budget ran out meanwhile
    load_u64 t1, [frameNo]
    sub_64 t1, a0, t1
    load_u64 t2, [overruns]
    add_64 t2, t2, t1
    store_u64 [overruns], t2
    store_u64 [frameNo], a0
    fallthrough
no_burn:
    call periodic
    load_imm a0, 0x0010
    ecalli gfx.clear
    load_u64 a1, [frameNo]               ; the background scrolls right and down
    load_imm a0, 0
    shlo_r_imm_64 a2, a1, 1
    ecalli gfx.scroll_tile_layer
    ; the balls
    store_imm_u64 [queued], 0
    store_imm_u64 [refused], 0
    load_imm s0, balls
    load_imm s1, 0
    fallthrough
ball:
    load_u64 t0, [padDown]
    and_imm t0, t0, 16
    branch_ne_imm t0, 0, emit                ; A held: they stay put
    load_ind_i32 t0, [s0]
    load_ind_i32 t1, [s0 + 8]
    add_64 t0, t0, t1
    branch_lt_s_imm t0, 0, bounce_x
    branch_lt_s_imm t0, 313, keep_x
    fallthrough
bounce_x:
    neg_add_imm_64 t1, t1, 0
    store_ind_u32 [s0 + 8], t1
    add_64 t0, t0, t1
    add_64 t0, t0, t1
    fallthrough
keep_x:
    store_ind_u32 [s0], t0
    load_ind_i32 t0, [s0 + 4]
    load_ind_i32 t1, [s0 + 12]
    add_64 t0, t0, t1
    branch_lt_s_imm t0, 0, bounce_y
    branch_lt_s_imm t0, 173, keep_y
    fallthrough
bounce_y:
    neg_add_imm_64 t1, t1, 0
    store_ind_u32 [s0 + 12], t1
    add_64 t0, t0, t1
    add_64 t0, t0, t1
    fallthrough
keep_y:
    store_ind_u32 [s0 + 4], t0
    fallthrough
emit:
    and_imm a0, s1, 7                    ; ball colour
    load_imm a1, OWN
    load_ind_i32 a2, [s0]
    load_ind_i32 a3, [s0 + 4]
    load_imm a4, BALLS
    and_imm t0, s1, 15                   ; layer i mod 4, flips from bits 2 and 3
    and_imm t1, s1, 255
    shlo_l_imm_64 t1, t1, 8              ; priority i mod 256
    or a5, t0, t1
    ecalli composer.emit_sprite
    load_imm t0, queued
    branch_eq_imm a0, 0, counted
    load_imm t0, refused
    fallthrough
counted:
    load_ind_u64 t1, [t0]
    add_imm_64 t1, t1, 1
    store_ind_u64 [t0], t1
    add_imm_64 s0, s0, 16
    add_imm_64 s1, s1, 1
    branch_ne_imm s1, SPRITES, ball
    ecalli composer.compose              ; background and balls now; the rest on top
    call primitives
    call hud
    load_u64 t0, [frameNo]               ; the HUD's first line in the log, once a second
    load_imm t1, 60
    rem_u_64 t1, t0, t1
    branch_ne_imm t1, 0, no_log
    load_imm a0, 1
    load_imm a1, line1
    load_imm a2, line1End - line1
    ecalli log.write
    fallthrough
no_log:
    ecalli gfx.present
    load_u64 t0, [frameNo]
    branch_ge_u_imm t0, END_FRAME, finish
    ecalli system.frame_sync
    jump frame

finish:
    load_imm a0, 1
    load_imm a1, s_done
    load_imm a2, s_end - s_done
    ecalli log.write
    load_u64 ra, [haltAddr]
    ret

; --- periodic: blips, the drone, loads, the background, the memcard, the log -------------------
periodic:
    load_u64 t0, [frameNo]
    load_imm t1, 20
    rem_u_64 t1, t0, t1
    branch_ne_imm t1, 0, no_blip
    load_imm a0, 1                       ; sfx.blip on any voice
    load_imm a1, 255
    load_imm a2, 160
    mul_imm_64 a3, t0, 7
    and_imm a3, a3, 255
    and_imm a4, t0, 7
    shlo_l_imm_64 a4, a4, 5
    add_imm_64 a4, a4, 256
    load_imm a5, 1
    ecalli audio.play
    load_u64 t0, [frameNo]
    fallthrough
no_blip:
    ; the drone on voice 0: volume, pan and pitch follow the frame
    load_imm t1, 64
    rem_u_64 t2, t0, t1
    add_imm_64 a1, t2, 20
    load_imm a0, 0
    ecalli audio.set_volume              ; VOICE_IDLE while it is stopped
    load_u64 t0, [frameNo]
    and_imm a1, t0, 255
    load_imm a0, 0
    ecalli audio.set_pan
    load_u64 t0, [frameNo]
    and_imm a1, t0, 127
    add_imm_64 a1, a1, 192
    load_imm a0, 0
    ecalli audio.set_pitch
    load_u64 t0, [frameNo]
    load_imm t1, 600
    rem_u_64 t1, t0, t1
    branch_ne_imm t1, 300, no_stop
    load_imm a0, 0
    ecalli audio.stop
    fallthrough
no_stop:
    branch_ne_imm t1, 330, no_restart
    store_u64 [raTri], ra
    call drone
    load_u64 ra, [raTri]
    fallthrough
no_restart:
    load_u64 t0, [frameNo]
    load_imm t1, 120
    rem_u_64 t1, t0, t1
    branch_ne_imm t1, 10, no_load
    load_u64 t2, [handle]
    branch_ne_imm t2, 0, no_load
    load_imm a0, s_extra                 ; tiles.extra into TILES slot 3
    load_imm a1, s_done - s_extra
    load_imm a2, 0
    load_imm a3, EXTRA
    ecalli asset.load
    branch_ne_imm a0, 0, no_load
    store_u64 [handle], a1
    fallthrough
no_load:
    load_u64 a0, [handle]
    branch_eq_imm a0, 0, no_poll
    ecalli asset.status
    branch_ne_imm a0, 2, no_poll         ; READY: commit the odd loads, cancel the even ones
    load_u64 t0, [loads]
    add_imm_64 t0, t0, 1
    store_u64 [loads], t0
    and_imm t0, t0, 1
    load_u64 a0, [handle]
    store_imm_u64 [handle], 0
    branch_eq_imm t0, 0, cancel_it
    ecalli asset.commit
    jump no_poll
cancel_it:
    ecalli asset.cancel
    fallthrough
no_poll:
    load_u64 t0, [frameNo]               ; the background off for a second every 4 s
    load_imm t1, 240
    rem_u_64 t1, t0, t1
    branch_ne_imm t1, 120, no_layer_off
    load_imm a0, 0
    ecalli gfx.clear_tile_layer
    fallthrough
no_layer_off:
    branch_ne_imm t1, 180, no_layer_on
    store_u64 [raTri], ra
    call set_background
    load_u64 ra, [raTri]
    fallthrough
no_layer_on:
    load_u64 t0, [frameNo]
    load_imm t1, 300
    rem_u_64 t1, t0, t1
    branch_ne_imm t1, 150, no_card
    ecalli mem.slot_count
    load_imm a0, 0
    ecalli mem.slot_stat
    load_imm a0, 0
    load_imm a1, line1
    load_imm a2, 0
    load_imm a3, line1End - line1
    ecalli mem.slot_write
    load_imm a0, 0
    ecalli mem.slot_commit
    branch_ne_imm a0, 0, card_read
    load_u64 t0, [saves]
    add_imm_64 t0, t0, 1
    store_u64 [saves], t0
    fallthrough
card_read:
    load_imm a0, 0
    load_imm a1, readBack
    load_imm a2, 0
    load_imm a3, 64
    ecalli mem.slot_read
    load_imm a0, 1
    ecalli mem.slot_clear                ; EMPTY: nothing there
    fallthrough
no_card:
    ret

; --- primitives over the balls -----------------------------------------------------------------
primitives:
    store_u64 [raTri], ra
    load_u64 t0, [touchDown]             ; the point: the touch pointer, or wandering
    branch_ne_imm t0, 0, prim_touch
    load_u64 a0, [frameNo]
    shlo_l_imm_64 a0, a0, 1
    load_imm a1, 180
    call tri
    move_reg s1, a0                      ; y
    load_u64 a0, [frameNo]
    mul_imm_64 a0, a0, 3
    load_imm a1, 320
    call tri
    move_reg s0, a0                      ; x
    jump prim_draw
prim_touch:
    load_u64 s0, [touchX]
    load_u64 s1, [touchY]
    fallthrough
prim_draw:
    load_imm a0, 0                       ; four lines from the corners
    load_imm a1, 20
    move_reg a2, s0
    move_reg a3, s1
    load_imm a4, CYAN
    ecalli gfx.draw_line
    load_imm a0, 319
    load_imm a1, 20
    move_reg a2, s0
    move_reg a3, s1
    load_imm a4, CYAN
    ecalli gfx.draw_line
    load_imm a0, 0
    load_imm a1, 159
    move_reg a2, s0
    move_reg a3, s1
    load_imm a4, CYAN
    ecalli gfx.draw_line
    load_imm a0, 319
    load_imm a1, 159
    move_reg a2, s0
    move_reg a3, s1
    load_imm a4, CYAN
    ecalli gfx.draw_line
    load_u64 t0, [frameNo]               ; a ring around the point, its radius pulsing
    load_imm t1, 24
    rem_u_64 t0, t0, t1
    add_imm_64 a2, t0, 6
    move_reg a0, s0
    move_reg a1, s1
    load_imm a3, WHITE
    ecalli gfx.draw_circle
    load_u64 t0, [frameNo]               ; a disc in the middle
    load_imm t1, 16
    rem_u_64 t0, t0, t1
    add_imm_64 a2, t0, 4
    load_imm a0, 160
    load_imm a1, 90
    load_imm a3, 0xfc00
    ecalli gfx.draw_disc
    load_imm s0, 0                       ; a row of blits: 8 balls, flipped by turns, then the extra sheet
    fallthrough
blits:
    load_imm a0, BALLS
    move_reg a1, s0
    load_imm a2, OWN
    mul_imm_64 a3, s0, 10
    add_imm_64 a3, a3, 4
    load_imm a4, 164
    and_imm a5, s0, 3
    ecalli gfx.blit_tile
    add_imm_64 s0, s0, 1
    branch_ne_imm s0, 8, blits
    load_imm s0, 0
    fallthrough
extras:
    load_imm a0, EXTRA                   ; SLOT_EMPTY until a load of tiles.extra is committed
    move_reg a1, s0
    load_imm a2, OWN
    mul_imm_64 a3, s0, 18
    add_imm_64 a3, a3, 240
    load_imm a4, 160
    load_imm a5, 0
    ecalli gfx.blit_tile
    add_imm_64 s0, s0, 1
    branch_ne_imm s0, 4, extras
    load_u64 ra, [raTri]
    ret

; --- hud: two lines of numbers -----------------------------------------------------------------
hud:
    store_u64 [raTri], ra
    load_imm s0, 0                       ; voices playing
    load_imm s1, 0
    fallthrough
count_voices:
    move_reg a0, s0
    ecalli audio.is_playing
    add_64 s1, s1, a0
    add_imm_64 s0, s0, 1
    branch_ne_imm s0, 16, count_voices
    store_u64 [voices], s1
    load_u64 a0, [frameNo]
    load_imm a1, l1frame
    call fmt4
    load_u64 a0, [queued]
    load_imm a1, l1queued
    call fmt4
    load_u64 a0, [refused]
    load_imm a1, l1refused
    call fmt4
    load_u64 a0, [overruns]
    load_imm a1, l2over
    call fmt4
    load_u64 a0, [voices]
    load_imm a1, l2voices
    call fmt4
    load_u64 a0, [loads]
    load_imm a1, l2loads
    call fmt4
    load_u64 a0, [saves]
    load_imm a1, l2saves
    call fmt4
    load_imm a0, 0
    load_imm a1, 0
    load_imm a2, 320
    load_imm a3, 19
    load_imm a4, HUD_BG
    ecalli gfx.fill_rect
    load_imm a0, 22
    load_imm a1, 1
    load_imm a2, line1
    load_imm a3, line1End - line1
    load_imm a4, YELLOW
    ecalli gfx.draw_text
    load_imm a0, 10
    load_imm a1, 10
    load_imm a2, line2
    load_imm a3, line2End - line2
    load_imm a4, WHITE
    ecalli gfx.draw_text
    load_u64 ra, [raTri]
    ret

; --- helpers -----------------------------------------------------------------------------------
; set_background: tile layer 0 = the 32 × 32 map from TILES slot 1.
set_background:
    load_imm a0, 0
    load_imm a1, BACK
    load_imm a2, 32
    load_imm a3, 32
    load_imm a4, cells
    load_imm a5, 1024
    ecalli gfx.set_tile_layer
    ret

; drone: sfx.drone (looping) on voice 0.
drone:
    load_imm a0, 0
    load_imm a1, 0
    load_imm a2, 40
    load_imm a3, 128
    load_imm a4, 256
    load_imm a5, 200
    ecalli audio.play
    ret

; tri: a0 = a triangle wave of a0 with period 2·a1, in 0…a1.
tri:
    shlo_l_imm_64 t0, a1, 1
    rem_u_64 a0, a0, t0
    branch_lt_u a0, a1, tri_up
    sub_64 a0, t0, a0
    fallthrough
tri_up:
    ret

; rand: a0 = 0…32767 (32-bit LCG).
rand:
    load_u64 t0, [rng]
    mul_imm_32 t0, t0, 1103515245
    add_imm_32 t0, t0, 12345
    store_u64 [rng], t0
    shlo_r_imm_32 a0, t0, 16
    and_imm a0, a0, 0x7fff
    ret

; fmt4: the 4 low decimal digits of a0 at a1…a1+3.
fmt4:
    load_imm t1, 10000
    rem_u_64 a0, a0, t1
    add_imm_64 a1, a1, 3
    load_imm t2, 4
    fallthrough
fmt4_digit:
    load_imm t1, 10
    rem_u_64 t0, a0, t1
    add_imm_64 t0, t0, 48
    store_ind_u8 [a1], t0
    div_u_64 a0, a0, t1
    add_imm_64 a1, a1, -1
    add_imm_64 t2, t2, -1
    branch_ne_imm t2, 0, fmt4_digit
    ret
