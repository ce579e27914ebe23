; ASSET STREAMING — a gallery that streams its pictures while it runs, and shows every load's
; lifecycle on screen.
;
;  boot     pic.0 is preloaded into TILES slot 1 and shown as tile layer 0 (20 × 11 tiles).
;  events   every 150 frames (and at A): asset.load the next picture into the *other* TILES slot
;           (double buffering) and a chime into a SOUNDS slot. Each load is polled with
;           asset.status every frame: PENDING → LOADING → READY. A chime is committed as soon as
;           it is READY; a picture is held READY for 45 frames (so you can see it), then committed
;           and shown (set_tile_layer from its slot) with its chime. Every fourth picture is
;           skipped: canceled 20 frames after it was asked for. Event 5 also asks for a name the
;           pack does not have (ASSET_NOT_FOUND, shown as NOT FOUND).
;  input    A = the next picture now (the one in flight is canceled); B = cancel the picture in
;           flight.
;  screen   composer.compose draws the picture, then the panels: what is shown and the frame on
;           top; the six newest loads below — asset, bank and slot, state in its colour, and the
;           frame each state was first seen (PENDING, LOADING, READY, END). Names are shown in
;           upper case (in the built-in 5×7 font a lower-case g looks like a 9).
;  log      one line per lifecycle change. The cartridge halts at frame 1500.

.import system.frame_sync@1
.import system.frame@1
.import log.write@1
.import input.pad_masks@1
.import gfx.fill_rect@1
.import gfx.draw_text@1
.import gfx.set_tile_layer@1
.import gfx.present@1
.import composer.compose@1
.import audio.play@1
.import asset.load@1
.import asset.status@1
.import asset.commit@1
.import asset.cancel@1

.equ EVENT_EVERY, 150
.equ FIRST_EVENT, 60
.equ HOLD, 45                   ; frames a READY picture waits before its commit
.equ SKIP_AFTER, 20             ; frames before a skipped picture is canceled
.equ END_FRAME, 1500
.equ ROWS, 6
.equ BTN_A, 16
.equ BTN_B, 32
.equ PANEL, 0x10a2
.equ WHITE, 0xffff
.equ GREY, 0xad55
.equ YELLOW, 0xffe0

.stack_size 4096

.ro_data
n_pic0:    .ascii "pic.0"
n_pic1:    .ascii "pic.1"
n_pic2:    .ascii "pic.2"
n_pic3:    .ascii "pic.3"
n_pic4:    .ascii "pic.4"
n_pic5:    .ascii "pic.5"
n_chime0:  .ascii "sfx.chime0"
n_chime1:  .ascii "sfx.chime1"
n_chime2:  .ascii "sfx.chime2"
n_missing: .ascii "pic.missing"
n_end:
.align 4
nameTable: .u32 n_pic0, 5, n_pic1, 5, n_pic2, 5, n_pic3, 5, n_pic4, 5, n_pic5, 5
           .u32 n_chime0, 10, n_chime1, 10, n_chime2, 10, n_missing, 11
; lifecycle 0…5 as the asset manager numbers them, 6 unused, 7 ASSET_NOT_FOUND, 8 other refusals
stateNames: .ascii "PENDING  LOADING  READY    COMMITTEDCANCELED ERROR    ?        NOT FOUNDREFUSED  "
stateLens:  .u8 7, 7, 5, 9, 8, 5, 1, 9, 7
.align 2
stateColours: .u16 0xad55, 0xffe0, 0x07ff, 0x07e0, 0xfd20, 0xf800, 0xffff, 0xf800, 0xf81f
hint:      .ascii "A: NEXT PICTURE NOW    B: CANCEL THE PICTURE LOAD"
header:    .ascii "ASSET       IN STATE     PEND. LOAD. READY  END "
s_colon:   .ascii ": "
s_atFrame: .ascii " at frame "
s_done:    .ascii "streaming: done, pictures shown "
s_end:

.rw_data
haltAddr:  .u64 0
frameNo:   .u64 0
pressed:   .u64 0
shownSlot: .u64 1
shownPic:  .u64 0
nextEvent: .u64 FIRST_EVENT
eventNo:   .u64 0
pictureRow: .u64 0             ; the row of the picture in flight (0 = none)
nextRow:   .u64 0
picturesShown: .u64 1
tmpRow:    .u64 0
tmpNew:    .u64 0
tmpCancel: .u64 0
tmpBuild:  .u64 0
drawRow:   .u64 0
drawY:     .u64 0
raEvent:   .u64 0
raNewRow:  .u64 0
raLogRow:  .u64 0
raPoll:    .u64 0
raCancel:  .u64 0
raBuild:   .u64 0
raDraw:    .u64 0
; each row (64 bytes): used u32, name u32, bank u32, slot u32, handle u64, state u32, skip u32,
; asked-at frame u32, then the frame + 1 each state was first seen (0 = not yet): pending,
; loading, ready, end
rows:      .zero 384
topLine:   .ascii "SHOWING PIC.0 FROM TILES SLOT 1     FRAME 0000"
topEnd:
lineBuf:   .zero 48
logBuf:    .zero 96
digits:    .zero 24
digitsEnd:
.align 4
cells:     .zero 880           ; 20 × 11 cells: tile i, the tile's own palette

.code
.jump_table main
.export main, main

main:
    store_u64 [haltAddr], ra
    load_imm t0, cells
    load_imm t1, 0
    fallthrough
fill_cells:
    add_imm_64 t2, t1, 0xff0000
    store_ind_u32 [t0], t2
    add_imm_64 t0, t0, 4
    add_imm_64 t1, t1, 1
    branch_ne_imm t1, 220, fill_cells
    load_imm a0, 0                       ; pic.0, preloaded in slot 1
    load_imm a1, 1
    load_imm a2, 20
    load_imm a3, 11
    load_imm a4, cells
    load_imm a5, 220
    ecalli gfx.set_tile_layer
    fallthrough

; --- the frame loop ----------------------------------------------------------------------------
frame:
    ecalli system.frame
    store_u64 [frameNo], a0
    branch_ge_u_imm a0, END_FRAME, finish
    ecalli input.pad_masks               ; a1 = pressed this frame
    store_u64 [pressed], a1
    and_imm t0, a1, BTN_B
    branch_eq_imm t0, 0, no_b
    call cancel_picture
    fallthrough
no_b:
    load_u64 t0, [pressed]
    and_imm t0, t0, BTN_A
    branch_eq_imm t0, 0, no_a
    call cancel_picture
    call event
    jump polled
no_a:
    load_u64 t0, [frameNo]
    load_u64 t1, [nextEvent]
    branch_lt_u t0, t1, polled
    call event
    fallthrough
polled:
    call poll_rows
    call draw
    ecalli gfx.present
    ecalli system.frame_sync
    jump frame

finish:
    load_imm a0, logBuf
    load_imm a1, s_done
    load_imm a2, s_end - s_done
    call copy
    load_u64 a1, [picturesShown]
    call decimal
    load_imm t0, logBuf
    sub_64 a2, a0, t0
    load_imm a1, logBuf
    load_imm a0, 1
    ecalli log.write
    call draw
    ecalli gfx.present
    load_u64 ra, [haltAddr]
    ret

; --- event: ask for the next picture (into the back slot) and a chime --------------------------
event:
    store_u64 [raEvent], ra
    load_u64 t0, [frameNo]
    add_imm_64 t0, t0, EVENT_EVERY
    store_u64 [nextEvent], t0
    load_u64 t0, [pictureRow]
    branch_ne_imm t0, 0, ev_done         ; a picture is still on its way
    load_u64 t0, [eventNo]
    add_imm_64 t0, t0, 1
    store_u64 [eventNo], t0
    load_imm t1, 6
    rem_u_64 a0, t0, t1                  ; pic.(n mod 6)
    load_imm a1, 0                       ; TILES
    load_u64 t2, [shownSlot]
    neg_add_imm_64 a2, t2, 3             ; the slot not shown
    call new_row
    load_ind_u32 t0, [a0 + 24]
    branch_ne_imm t0, 0, ev_chime        ; refused: nothing in flight
    store_u64 [pictureRow], a0
    load_u64 t0, [eventNo]
    and_imm t1, t0, 3
    branch_ne_imm t1, 3, ev_chime
    store_imm_ind_u32 [a0 + 28], 1       ; every fourth picture is skipped
    fallthrough
ev_chime:
    load_u64 t0, [eventNo]
    load_imm t1, 3
    rem_u_64 a0, t0, t1
    add_imm_64 a0, a0, 6                 ; sfx.chime(n mod 3)
    load_imm a1, 1                       ; SOUNDS
    load_u64 t2, [shownSlot]
    neg_add_imm_64 a2, t2, 2             ; SOUNDS slot = the picture's TILES slot − 1
    call new_row
    load_u64 t0, [eventNo]
    branch_ne_imm t0, 5, ev_done
    load_imm a0, 9                       ; pic.missing: not in the pack
    load_imm a1, 0
    load_imm a2, 3
    call new_row
    fallthrough
ev_done:
    load_u64 ra, [raEvent]
    ret

; new_row: a0 = name index, a1 = bank, a2 = slot → asks for the load, a0 = its row.
new_row:
    store_u64 [raNewRow], ra
    load_u64 t0, [nextRow]
    add_imm_64 t1, t0, 1
    store_u64 [nextRow], t1
    load_imm t1, ROWS
    rem_u_64 t0, t0, t1
    shlo_l_imm_64 t0, t0, 6
    add_imm_64 t0, t0, rows
    store_imm_ind_u64 [t0], 0
    store_imm_ind_u64 [t0 + 8], 0
    store_imm_ind_u64 [t0 + 16], 0
    store_imm_ind_u64 [t0 + 24], 0
    store_imm_ind_u64 [t0 + 32], 0
    store_imm_ind_u64 [t0 + 40], 0
    store_imm_ind_u64 [t0 + 48], 0
    store_imm_ind_u64 [t0 + 56], 0
    store_imm_ind_u32 [t0], 1
    store_ind_u32 [t0 + 4], a0
    store_ind_u32 [t0 + 8], a1
    store_ind_u32 [t0 + 12], a2
    load_u64 t1, [frameNo]
    store_ind_u32 [t0 + 32], t1
    store_u64 [tmpNew], t0
    shlo_l_imm_64 t1, a0, 3
    add_imm_64 t1, t1, nameTable
    move_reg a3, a2
    move_reg a2, a1
    load_ind_u32 a0, [t1]
    load_ind_u32 a1, [t1 + 4]
    ecalli asset.load                    ; a0 status, a1 handle
    load_u64 t0, [tmpNew]
    store_ind_u64 [t0 + 16], a1
    load_u64 t1, [frameNo]
    add_imm_64 t1, t1, 1
    branch_ne_imm a0, 0, nr_failed
    store_imm_ind_u32 [t0 + 24], 0       ; PENDING from now
    store_ind_u32 [t0 + 36], t1
    jump nr_log
nr_failed:
    store_ind_u32 [t0 + 48], t1
    load_imm t2, 8
    branch_ne_imm a0, 3, nr_state
    load_imm t2, 7                       ; ASSET_NOT_FOUND
    fallthrough
nr_state:
    store_ind_u32 [t0 + 24], t2
    fallthrough
nr_log:
    move_reg a0, t0
    call log_row
    load_u64 a0, [tmpNew]
    load_u64 ra, [raNewRow]
    ret

; --- poll_rows: follow every live load; commit, hold or skip READY ones -------------------------
poll_rows:
    store_u64 [raPoll], ra
    load_imm s0, rows
    load_imm s1, ROWS
    fallthrough
poll_next:
    load_ind_u32 t0, [s0]
    branch_eq_imm t0, 0, poll_skip
    load_ind_u32 t0, [s0 + 24]
    branch_ge_u_imm t0, 3, poll_skip     ; ended
    load_ind_u64 a0, [s0 + 16]
    ecalli asset.status
    load_ind_u32 t0, [s0 + 24]
    branch_eq a0, t0, poll_ready
    store_ind_u32 [s0 + 24], a0          ; a new state: note the frame it was first seen
    load_imm t1, 3
    min_u t1, a0, t1
    shlo_l_imm_64 t1, t1, 2
    add_64 t1, t1, s0
    load_u64 t2, [frameNo]
    add_imm_64 t2, t2, 1
    store_ind_u32 [t1 + 36], t2
    move_reg a0, s0
    call log_row
    fallthrough
poll_ready:
    load_ind_u32 t0, [s0 + 24]
    branch_ne_imm t0, 2, poll_ended
    load_ind_u32 t0, [s0 + 8]
    branch_eq_imm t0, 1, poll_commit     ; a sound: commit at once
    load_u64 t1, [frameNo]
    load_ind_u32 t2, [s0 + 32]
    sub_64 t1, t1, t2                    ; frames since it was asked for
    load_ind_u32 t0, [s0 + 28]
    branch_eq_imm t0, 0, poll_hold
    branch_lt_u_imm t1, SKIP_AFTER, poll_skip
    load_ind_u64 a0, [s0 + 16]           ; skipped: cancel it
    ecalli asset.cancel
    load_imm t0, 4
    jump poll_end
poll_hold:
    branch_lt_u_imm t1, HOLD, poll_skip
    fallthrough
poll_commit:
    load_ind_u64 a0, [s0 + 16]
    ecalli asset.commit
    load_imm t0, 3
    fallthrough
poll_end:
    store_ind_u32 [s0 + 24], t0
    load_u64 t2, [frameNo]
    add_imm_64 t2, t2, 1
    store_ind_u32 [s0 + 48], t2
    move_reg a0, s0
    call log_row
    load_ind_u32 t0, [s0 + 8]
    branch_eq_imm t0, 1, poll_skip
    store_imm_u64 [pictureRow], 0
    load_ind_u32 t0, [s0 + 24]
    branch_ne_imm t0, 3, poll_skip
    call show_picture
    jump poll_skip
poll_ended:
    branch_lt_u_imm t0, 3, poll_skip     ; still PENDING or LOADING
    load_u64 t1, [pictureRow]            ; ERROR: the picture is no longer in flight
    branch_ne t1, s0, poll_skip
    store_imm_u64 [pictureRow], 0
    fallthrough
poll_skip:
    add_imm_64 s0, s0, 64
    add_imm_64 s1, s1, -1
    branch_ne_imm s1, 0, poll_next
    load_u64 ra, [raPoll]
    ret

; show_picture: row s0 was committed: show its slot, ring its chime.
show_picture:
    load_ind_u32 a1, [s0 + 12]
    store_u64 [shownSlot], a1
    load_ind_u32 t0, [s0 + 4]
    store_u64 [shownPic], t0
    load_imm a0, 0
    load_imm a2, 20
    load_imm a3, 11
    load_imm a4, cells
    load_imm a5, 220
    ecalli gfx.set_tile_layer
    load_u64 a0, [shownSlot]
    add_imm_64 a0, a0, -1
    load_imm a1, 255
    load_imm a2, 220
    load_imm a3, 128
    load_imm a4, 256
    load_imm a5, 0
    ecalli audio.play
    load_u64 t0, [picturesShown]
    add_imm_64 t0, t0, 1
    store_u64 [picturesShown], t0
    ret

; cancel_picture: cancels the picture in flight, if any.
cancel_picture:
    store_u64 [raCancel], ra
    load_u64 t0, [pictureRow]
    branch_eq_imm t0, 0, cp_done
    store_imm_u64 [pictureRow], 0
    store_u64 [tmpCancel], t0
    load_ind_u64 a0, [t0 + 16]
    ecalli asset.cancel
    branch_ne_imm a0, 0, cp_done
    load_u64 t0, [tmpCancel]
    store_imm_ind_u32 [t0 + 24], 4
    load_u64 t1, [frameNo]
    add_imm_64 t1, t1, 1
    store_ind_u32 [t0 + 48], t1
    move_reg a0, t0
    call log_row
    fallthrough
cp_done:
    load_u64 ra, [raCancel]
    ret

; log_row: logs "<asset>: <STATE> at frame <n>" for row a0.
log_row:
    store_u64 [raLogRow], ra
    store_u64 [tmpRow], a0
    load_ind_u32 t0, [a0 + 4]
    shlo_l_imm_64 t0, t0, 3
    add_imm_64 t0, t0, nameTable
    load_ind_u32 a1, [t0]
    load_ind_u32 a2, [t0 + 4]
    load_imm a0, logBuf
    call copy
    load_imm a1, s_colon
    load_imm a2, 2
    call copy
    load_u64 t0, [tmpRow]
    load_ind_u32 t0, [t0 + 24]
    mul_imm_64 a1, t0, 9
    add_imm_64 a1, a1, stateNames
    add_imm_64 t1, t0, stateLens
    load_ind_u8 a2, [t1]
    call copy
    load_imm a1, s_atFrame
    load_imm a2, 10
    call copy
    load_u64 a1, [frameNo]
    call decimal
    load_imm t0, logBuf
    sub_64 a2, a0, t0
    load_imm a1, logBuf
    load_imm a0, 1
    ecalli log.write
    load_u64 ra, [raLogRow]
    ret

; --- drawing -----------------------------------------------------------------------------------
draw:
    store_u64 [raDraw], ra
    ecalli composer.compose              ; the picture now; the panels on top
    load_imm a0, 0
    load_imm a1, 0
    load_imm a2, 320
    load_imm a3, 21
    load_imm a4, PANEL
    ecalli gfx.fill_rect
    load_u64 t0, [shownPic]
    add_imm_64 t0, t0, 48
    store_u8 [topLine + 12], t0
    load_u64 t0, [shownSlot]
    add_imm_64 t0, t0, 48
    store_u8 [topLine + 30], t0
    load_imm a0, topEnd - 4
    load_u64 a1, [frameNo]
    call fmt4
    load_imm a0, 22
    load_imm a1, 2
    load_imm a2, topLine
    load_imm a3, topEnd - topLine
    load_imm a4, WHITE
    ecalli gfx.draw_text
    load_imm a0, 13
    load_imm a1, 12
    load_imm a2, hint
    load_imm a3, header - hint
    load_imm a4, GREY
    ecalli gfx.draw_text
    load_imm a0, 0
    load_imm a1, 104
    load_imm a2, 320
    load_imm a3, 76
    load_imm a4, PANEL
    ecalli gfx.fill_rect
    load_imm a0, 16
    load_imm a1, 106
    load_imm a2, header
    load_imm a3, s_colon - header
    load_imm a4, YELLOW
    ecalli gfx.draw_text
    load_imm s0, 0                       ; rows, newest first
    fallthrough
draw_row:
    load_u64 t0, [nextRow]
    load_imm t1, ROWS
    min_u t1, t0, t1
    branch_ge_u s0, t1, draw_done
    sub_64 t0, t0, s0
    add_imm_64 t0, t0, -1
    load_imm t1, ROWS
    rem_u_64 t0, t0, t1
    shlo_l_imm_64 t0, t0, 6
    add_imm_64 a0, t0, rows
    store_u64 [drawRow], a0
    call build_row
    mul_imm_64 t0, s0, 10
    add_imm_64 a1, t0, 117
    store_u64 [drawY], a1
    load_imm a0, 16
    load_imm a2, lineBuf
    load_imm a3, 48
    load_imm a4, WHITE
    ecalli gfx.draw_text
    load_u64 t0, [drawRow]               ; the state, in its colour
    load_ind_u32 t0, [t0 + 24]
    mul_imm_64 a2, t0, 9
    add_imm_64 a2, a2, stateNames
    shlo_l_imm_64 t1, t0, 1
    add_imm_64 t1, t1, stateColours
    load_ind_u16 a4, [t1]
    load_imm a0, 106
    load_u64 a1, [drawY]
    load_imm a3, 9
    ecalli gfx.draw_text
    add_imm_64 s0, s0, 1
    jump draw_row
draw_done:
    load_u64 ra, [raDraw]
    ret

; build_row: the text of row a0 into lineBuf (its state columns left blank).
build_row:
    store_u64 [raBuild], ra
    store_u64 [tmpBuild], a0
    store_imm_u32 [lineBuf], 0x20202020
    store_imm_u32 [lineBuf + 4], 0x20202020
    store_imm_u32 [lineBuf + 8], 0x20202020
    store_imm_u32 [lineBuf + 12], 0x20202020
    store_imm_u32 [lineBuf + 16], 0x20202020
    store_imm_u32 [lineBuf + 20], 0x20202020
    store_imm_u32 [lineBuf + 24], 0x20202020
    store_imm_u32 [lineBuf + 28], 0x20202020
    store_imm_u32 [lineBuf + 32], 0x20202020
    store_imm_u32 [lineBuf + 36], 0x20202020
    store_imm_u32 [lineBuf + 40], 0x20202020
    store_imm_u32 [lineBuf + 44], 0x20202020
    load_ind_u32 t0, [a0 + 4]
    shlo_l_imm_64 t0, t0, 3
    add_imm_64 t0, t0, nameTable
    load_ind_u32 a1, [t0]
    load_ind_u32 a2, [t0 + 4]
    load_imm a0, lineBuf
    call copy
    load_imm t0, lineBuf                 ; upper case on screen (the 5×7 font's g looks like 9)
    fallthrough
br_upper:
    load_ind_u8 t1, [t0]
    branch_lt_u_imm t1, 97, br_next
    branch_gt_u_imm t1, 122, br_next
    add_imm_64 t1, t1, -32
    store_ind_u8 [t0], t1
    fallthrough
br_next:
    add_imm_64 t0, t0, 1
    load_imm t1, lineBuf + 11
    branch_ne t0, t1, br_upper
    load_u64 t0, [tmpBuild]
    load_ind_u32 t1, [t0 + 8]
    load_imm t2, 84                      ; T
    branch_eq_imm t1, 0, br_bank
    load_imm t2, 83                      ; S
    fallthrough
br_bank:
    store_u8 [lineBuf + 12], t2
    load_ind_u32 t1, [t0 + 12]
    add_imm_64 t1, t1, 48
    store_u8 [lineBuf + 13], t1
    load_imm a0, lineBuf + 25
    load_ind_u32 a1, [t0 + 36]
    call num5
    load_u64 t0, [tmpBuild]
    load_imm a0, lineBuf + 31
    load_ind_u32 a1, [t0 + 40]
    call num5
    load_u64 t0, [tmpBuild]
    load_imm a0, lineBuf + 37
    load_ind_u32 a1, [t0 + 44]
    call num5
    load_u64 t0, [tmpBuild]
    load_imm a0, lineBuf + 43
    load_ind_u32 a1, [t0 + 48]
    call num5
    load_u64 ra, [raBuild]
    ret

; --- text helpers ------------------------------------------------------------------------------
; copy: a2 bytes from a1 to a0; a0 = the end.
copy:
    branch_eq_imm a2, 0, copy_done
    load_ind_u8 t0, [a1]
    store_ind_u8 [a0], t0
    add_imm_64 a0, a0, 1
    add_imm_64 a1, a1, 1
    add_imm_64 a2, a2, -1
    jump copy
copy_done:
    ret

; decimal: the digits of a1 at a0; a0 = the end.
decimal:
    load_imm t2, digitsEnd
    fallthrough
dec_div:
    add_imm_64 t2, t2, -1
    load_imm t1, 10
    rem_u_64 t0, a1, t1
    add_imm_64 t0, t0, 48
    store_ind_u8 [t2], t0
    div_u_64 a1, a1, t1
    branch_ne_imm a1, 0, dec_div
    fallthrough
dec_copy:
    load_ind_u8 t0, [t2]
    store_ind_u8 [a0], t0
    add_imm_64 a0, a0, 1
    add_imm_64 t2, t2, 1
    load_imm t1, digitsEnd
    branch_ne t2, t1, dec_copy
    ret

; num5: a1 − 1 right-aligned in the 5 bytes at a0, or "    -" when a1 = 0 (not seen yet).
num5:
    branch_ne_imm a1, 0, num5_set
    store_imm_ind_u32 [a0], 0x20202020
    store_imm_ind_u8 [a0 + 4], 45
    ret
num5_set:
    add_imm_64 a1, a1, -1
    add_imm_64 a0, a0, 4
    load_imm t2, 5
    fallthrough
num5_digit:
    load_imm t1, 10
    rem_u_64 t0, a1, t1
    add_imm_64 t0, t0, 48
    store_ind_u8 [a0], t0
    div_u_64 a1, a1, t1
    add_imm_64 a0, a0, -1
    add_imm_64 t2, t2, -1
    branch_eq_imm t2, 0, num5_done
    branch_ne_imm a1, 0, num5_digit
    fallthrough
num5_pad:
    store_imm_ind_u8 [a0], 32
    add_imm_64 a0, a0, -1
    add_imm_64 t2, t2, -1
    branch_ne_imm t2, 0, num5_pad
    fallthrough
num5_done:
    ret

; fmt4: the 4 low decimal digits of a1 at a0…a0+3.
fmt4:
    load_imm t1, 10000
    rem_u_64 a1, a1, t1
    add_imm_64 a0, a0, 3
    load_imm t2, 4
    fallthrough
fmt4_digit:
    load_imm t1, 10
    rem_u_64 t0, a1, t1
    add_imm_64 t0, t0, 48
    store_ind_u8 [a0], t0
    div_u_64 a1, a1, t1
    add_imm_64 a0, a0, -1
    add_imm_64 t2, t2, -1
    branch_ne_imm t2, 0, fmt4_digit
    ret
