; Console demo cartridge: frame_sync pacing, input, the full asset lifecycle and memcard
; save/load. Headless (no gfx yet): everything it does shows in the log and the frame hash.
;
;  boot   reads memcard slot 0 (boots, best score) — or says there is no save yet;
;         asks for three loads: sfx.chord (committed when READY), tiles.background (canceled
;         two frames later) and a name that does not exist (status 3, ASSET_NOT_FOUND)
;  frame  A = +1 point, touch = +5 points, START = save now; moves 32 particles;
;         polls the chord load and logs each lifecycle change; a status line every second
;  end    after 30 virtual seconds (1800 frames): saves, logs the result and halts

.import system.frame_sync@1
.import system.frame@1
.import log.write@1
.import input.pad_masks@1
.import input.touch@1
.import asset.load@1
.import asset.status@1
.import asset.commit@1
.import asset.cancel@1
.import mem.slot_read@1
.import mem.slot_write@1
.import mem.slot_commit@1

.equ FRAMES, 1800
.equ PARTICLES, 32
.equ BUTTON_A, 16          ; bit 4
.equ BUTTON_START, 1024    ; bit 10

.stack_size 4096

.ro_data
s_boot:      .ascii "demo: boot"
s_noSave:    .ascii "memcard: no save yet"
s_boots:     .ascii "memcard: save found, boots so far "
s_best:      .ascii "memcard: best score so far "
s_chord:     .ascii "sfx.chord"
s_bg:        .ascii "tiles.background"
s_missing:   .ascii "sfx.missing"
s_loadChord: .ascii "asset.load sfx.chord -> status "
s_loadMiss:  .ascii "asset.load sfx.missing -> status "
s_cancel:    .ascii "asset.cancel tiles.background -> status "
s_state:     .ascii "sfx.chord lifecycle state "
s_commit:    .ascii "asset.commit sfx.chord -> status "
s_second:    .ascii "second "
s_score:     .ascii "  score "
s_saved:     .ascii "memcard: saved, slot_commit status "
s_bye:       .ascii "demo: done, best score "
s_end:

.rw_data
boots:       .u64 0        ; save record: boots, best (16 bytes, slot 0)
best:        .u64 0
score:       .u64 0
chord:       .u64 0        ; handle of the sfx.chord load (0 when done)
chordState:  .u64 99       ; last status seen
bgLoad:      .u64 0        ; handle of the load we cancel
particles:   .zero 512     ; 32 × (x, y, dx, dy) u32
line:        .zero 128     ; text being built
digits:      .zero 24
digitsEnd:

.code
.jump_table main
.export main, main

main:
    move_reg s1, ra                     ; the halt address
    load_imm a0, s_boot
    load_imm a1, s_noSave - s_boot
    call log_text

    ; --- load the save: slot 0 holds (boots, best) -------------------------------------
    load_imm a0, 0
    load_imm a1, boots
    load_imm a2, 0
    load_imm a3, 16
    ecalli mem.slot_read                ; -> a0 status, a1 bytes_read, a2 eof
    branch_ne_imm a0, 0, no_save
    branch_ne_imm a1, 16, no_save
    load_imm a0, s_boots
    load_imm a1, s_best - s_boots
    load_u64 a2, [boots]
    call say
    load_imm a0, s_best
    load_imm a1, s_chord - s_best
    load_u64 a2, [best]
    call say
    jump booted
no_save:
    store_imm_u64 [boots], 0
    store_imm_u64 [best], 0
    load_imm a0, s_noSave
    load_imm a1, s_boots - s_noSave
    call log_text
    fallthrough
booted:
    load_u64 t0, [boots]
    add_imm_64 t0, t0, 1
    store_u64 [boots], t0

    ; --- asset loads ------------------------------------------------------------------
    load_imm a0, s_chord
    load_imm a1, s_bg - s_chord
    load_imm a2, 1                      ; SOUNDS
    load_imm a3, 1                      ; slot 1
    ecalli asset.load                   ; -> a0 status, a1 handle
    store_u64 [chord], a1
    move_reg a2, a0
    load_imm a0, s_loadChord
    load_imm a1, s_loadMiss - s_loadChord
    call say

    load_imm a0, s_bg
    load_imm a1, s_missing - s_bg
    load_imm a2, 0                      ; TILES
    load_imm a3, 2
    ecalli asset.load
    store_u64 [bgLoad], a1

    load_imm a0, s_missing
    load_imm a1, s_loadChord - s_missing
    load_imm a2, 1
    load_imm a3, 2
    ecalli asset.load                   ; ASSET_NOT_FOUND (3)
    move_reg a2, a0
    load_imm a0, s_loadMiss
    load_imm a1, s_cancel - s_loadMiss
    call say

    call init_particles
    fallthrough

; --- the frame loop ----------------------------------------------------------------------
frame:
    ecalli system.frame                 ; a0 = frame number
    move_reg s0, a0
    branch_ge_u_imm s0, FRAMES, finish

    ecalli input.pad_masks              ; a0 down, a1 pressed, a2 released
    and_imm t0, a1, BUTTON_A
    branch_eq_imm t0, 0, no_a
    load_u64 t1, [score]
    add_imm_64 t1, t1, 1
    store_u64 [score], t1
    fallthrough
no_a:
    and_imm t0, a1, BUTTON_START
    branch_eq_imm t0, 0, no_start
    call save
    fallthrough
no_start:
    ecalli input.touch                  ; a0 down, a1 pressed, …
    branch_eq_imm a1, 0, no_touch
    load_u64 t1, [score]
    add_imm_64 t1, t1, 5
    store_u64 [score], t1
    fallthrough
no_touch:
    load_u64 t1, [score]
    load_u64 t2, [best]
    max_u t2, t1, t2
    store_u64 [best], t2

    branch_ne_imm s0, 2, no_cancel      ; frame 2: cancel the background load
    load_u64 a0, [bgLoad]
    ecalli asset.cancel
    move_reg a2, a0
    load_imm a0, s_cancel
    load_imm a1, s_state - s_cancel
    call say
    fallthrough
no_cancel:
    call poll_chord
    call move_particles

    load_imm t0, 60                     ; a status line every 60 frames
    rem_u_64 t1, s0, t0
    branch_ne_imm t1, 59, sync
    load_imm a0, s_second
    load_imm a1, s_score - s_second
    div_u_64 a2, s0, t0
    add_imm_64 a2, a2, 1
    load_imm a3, s_score
    load_imm a4, s_saved - s_score
    load_u64 a5, [score]
    call say2
    fallthrough
sync:
    ecalli system.frame_sync
    jump frame

finish:
    call save
    load_imm a0, s_bye
    load_imm a1, s_end - s_bye
    load_u64 a2, [best]
    call say
    jump_ind s1, 0                      ; halt

; --- poll_chord: commit sfx.chord once READY, log every lifecycle change ----------------------
poll_chord:
    load_u64 a0, [chord]
    branch_eq_imm a0, 0, poll_done
    ecalli asset.status                 ; a0 = lifecycle state
    load_u64 t0, [chordState]
    branch_eq a0, t0, poll_ready
    store_u64 [chordState], a0
    move_reg t2, ra
    move_reg a2, a0
    load_imm a0, s_state
    load_imm a1, s_commit - s_state
    call say
    move_reg ra, t2
    load_u64 a0, [chordState]
    fallthrough
poll_ready:
    branch_ne_imm a0, 2, poll_done      ; READY
    load_u64 a0, [chord]
    ecalli asset.commit
    store_imm_u64 [chord], 0
    move_reg t2, ra
    move_reg a2, a0
    load_imm a0, s_commit
    load_imm a1, s_second - s_commit
    call say
    move_reg ra, t2
    fallthrough
poll_done:
    ret

; --- save: (boots, best) to slot 0, then commit -----------------------------------------
save:
    move_reg t2, ra
    load_imm a0, 0
    load_imm a1, boots
    load_imm a2, 0
    load_imm a3, 16
    ecalli mem.slot_write               ; a0 status, a1 bytes written
    load_imm a0, 0
    ecalli mem.slot_commit              ; a0 status
    move_reg a2, a0
    load_imm a0, s_saved
    load_imm a1, s_bye - s_saved
    call say
    move_reg ra, t2
    ret

; --- particles: 32 points bouncing in a 320×180 box ----------------------------------------
init_particles:
    load_imm t0, particles
    load_imm t1, 0
    fallthrough
init_next:
    mul_imm_64 t2, t1, 37
    and_imm t2, t2, 255
    store_ind_u32 [t0], t2              ; x
    mul_imm_64 t2, t1, 23
    and_imm t2, t2, 127
    store_ind_u32 [t0 + 4], t2          ; y
    and_imm t2, t1, 3
    add_imm_64 t2, t2, 1
    store_ind_u32 [t0 + 8], t2          ; dx
    and_imm t2, t1, 1
    add_imm_64 t2, t2, 1
    store_ind_u32 [t0 + 12], t2         ; dy
    add_imm_64 t0, t0, 16
    add_imm_64 t1, t1, 1
    branch_ne_imm t1, PARTICLES, init_next
    ret

move_particles:
    load_imm t0, particles
    load_imm t1, PARTICLES
    fallthrough
move_next:
    load_ind_i32 a0, [t0]
    load_ind_i32 a1, [t0 + 8]
    add_64 a0, a0, a1
    branch_lt_s_imm a0, 0, flip_x
    branch_lt_s_imm a0, 320, keep_x
    fallthrough
flip_x:
    neg_add_imm_64 a1, a1, 0
    add_64 a0, a0, a1
    add_64 a0, a0, a1
    store_ind_u32 [t0 + 8], a1
    fallthrough
keep_x:
    store_ind_u32 [t0], a0
    load_ind_i32 a0, [t0 + 4]
    load_ind_i32 a1, [t0 + 12]
    add_64 a0, a0, a1
    branch_lt_s_imm a0, 0, flip_y
    branch_lt_s_imm a0, 180, keep_y
    fallthrough
flip_y:
    neg_add_imm_64 a1, a1, 0
    add_64 a0, a0, a1
    add_64 a0, a0, a1
    store_ind_u32 [t0 + 12], a1
    fallthrough
keep_y:
    store_ind_u32 [t0 + 4], a0
    add_imm_64 t0, t0, 16
    add_imm_64 t1, t1, -1
    branch_ne_imm t1, 0, move_next
    ret

; --- text ----------------------------------------------------------------------------------
; log_text: a0 = text, a1 = length: one info line.
log_text:
    move_reg a2, a1
    move_reg a1, a0
    load_imm a0, 1
    ecalli log.write
    ret

; say: a0 = prefix, a1 = prefix length, a2 = number: logs "<prefix><number>".
say:
    load_imm a3, 0
    load_imm a4, 0
    load_imm a5, 0
    fallthrough
; say2: also a3 = second prefix, a4 = its length, a5 = second number (a4 = 0: none).
say2:
    load_imm t0, line
    fallthrough
copy1:
    branch_eq_imm a1, 0, num1
    load_ind_u8 t1, [a0]
    store_ind_u8 [t0], t1
    add_imm_64 a0, a0, 1
    add_imm_64 t0, t0, 1
    add_imm_64 a1, a1, -1
    jump copy1
num1:
    move_reg a0, a2
    move_reg a2, ra
    call decimal
    move_reg ra, a2
    branch_eq_imm a4, 0, emit
    fallthrough
copy2:
    branch_eq_imm a4, 0, num2
    load_ind_u8 t1, [a3]
    store_ind_u8 [t0], t1
    add_imm_64 a3, a3, 1
    add_imm_64 t0, t0, 1
    add_imm_64 a4, a4, -1
    jump copy2
num2:
    move_reg a0, a5
    move_reg a2, ra
    call decimal
    move_reg ra, a2
    fallthrough
emit:
    load_imm a0, 1
    load_imm a1, line
    load_imm t1, line
    sub_64 a2, t0, t1
    ecalli log.write
    ret

; decimal: appends the digits of a0 at t0 (advancing t0). Clobbers a0, a1, t1.
decimal:
    load_imm a1, digitsEnd
    fallthrough
div10:
    add_imm_64 a1, a1, -1
    load_imm t1, 10
    rem_u_64 t1, a0, t1
    add_imm_64 t1, t1, 48
    store_ind_u8 [a1], t1
    load_imm t1, 10
    div_u_64 a0, a0, t1
    branch_ne_imm a0, 0, div10
    fallthrough
copy_digits:
    load_ind_u8 t1, [a1]
    store_ind_u8 [t0], t1
    add_imm_64 t0, t0, 1
    add_imm_64 a1, a1, 1
    load_imm t1, digitsEnd
    branch_ne a1, t1, copy_digits
    ret
