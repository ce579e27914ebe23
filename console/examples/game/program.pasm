; ORCHARD — catch the falling fruit, dodge the rocks. The console's bundled game.
;
;  screen   tile layer 0: sky, hills, grass and dirt (scenery sheet, TILES slot 1);
;           tile layer 1: clouds drifting (sprite sheet, TILES slot 0), scrolled every frame;
;           sprites on layer 1: fruit, rocks and the basket; layer 2: sparkles where you caught;
;           composer.compose, then the HUD bar and text on top; a red border when a rock hits.
;  input    left / right move the basket (3 px a frame); the touch pointer pulls it toward x;
;           START or A starts a game; SELECT saves and quits (the cartridge halts).
;  rules    apples +1, golden apples +5, a caught rock costs a life; three lives. Objects fall
;           faster and come more often as the score grows. Missed fruit just breaks the combo.
;  sound    music.loop on voice 0 while playing (its pitch rises with the score); catch blips on
;           any free voice, their pitch rising with the combo and panned where the catch was.
;  memcard  slot 0 = (best u32, games u32): read at boot, written and committed at every game
;           over and at quit.

.import system.frame_sync@1
.import system.frame@1
.import log.write@1
.import input.pad_masks@1
.import input.touch@1
.import gfx.fill_rect@1
.import gfx.draw_text@1
.import gfx.set_tile_layer@1
.import gfx.scroll_tile_layer@1
.import gfx.present@1
.import composer.emit_sprite@1
.import composer.compose@1
.import audio.play@1
.import audio.stop@1
.import audio.set_pitch@1
.import mem.slot_read@1
.import mem.slot_write@1
.import mem.slot_commit@1

.equ BTN_LEFT, 4
.equ BTN_RIGHT, 8
.equ BTN_A, 16
.equ BTN_START, 1024
.equ BTN_SELECT, 2048
.equ START_KEYS, 1040            ; START | A
.equ OBJECTS, 8
.equ EFFECTS, 4
.equ BASKET_Y, 140
.equ SPRITES, 0                  ; TILES slot of the sprite sheet
.equ SCENERY, 1                  ; TILES slot of the scenery sheet
.equ OWN, 0xffff                 ; "the tile's own palette"
.equ HUD_BG, 0x2104
.equ PANEL, 0x18c3
.equ WHITE, 0xffff
.equ YELLOW, 0xffe0
.equ RED, 0xf800

.stack_size 4096

.ro_data
s_title:   .ascii "O R C H A R D"
s_press:   .ascii "PRESS START OR A"
s_help:    .ascii "ARROWS MOVE  -  SELECT QUITS"
s_over:    .ascii "GAME OVER"
s_again:   .ascii "START: PLAY AGAIN"
s_saved:   .ascii "SAVED.  THANKS FOR PLAYING!"
s_boot:    .ascii "orchard: boot, best score "
s_start:   .ascii "orchard: game starts, games so far "
s_end:     .ascii "orchard: game over, score "
s_quit:    .ascii "orchard: saved and quit, commit status "
s_endText:
cloudSpots: .u32 34, 45, 56, 72, 83, 93   ; left cell (row·32 + column) of each cloud

.rw_data
haltAddr:  .u64 0
state:     .u64 0              ; 0 title, 1 playing, 2 game over, 3 quit
frameNo:   .u64 0
score:     .u64 0
best:      .u64 0
games:     .u64 0
lives:     .u64 3
basketX:   .u64 144
rng:       .u64 0x2545
spawnTimer: .u64 30
speed:     .u64 20             ; fall speed, 1/16 px per frame
combo:     .u64 0
stateTimer: .u64 0
flash:     .u64 0
pan:       .u64 128
effectNext: .u64 0
padDown:   .u64 0
padPressed: .u64 0
touchDown: .u64 0
touchX:    .u64 0
commitStatus: .u64 0
raSpawn:   .u64 0
raUpdate:  .u64 0
raOver:    .u64 0
raLog:     .u64 0
objects:   .zero 128           ; 8 × (active u32, kind u32: 0 apple 1 gold 2 rock, x i32, y i32 in 1/16 px)
effects:   .zero 64            ; 4 × (timer u32, x i32, y i32, unused)
save:      .zero 8             ; memcard slot 0: best u32, games u32
hud:       .ascii "SCORE 0000    BEST 0000    LIVES 3"
hudEnd:
scoreText: .ascii "SCORE 0000"
line:      .zero 128
digits:    .zero 24
digitsEnd:
.align 4
bgCells:   .zero 960           ; 20 × 12 cells of the scenery map
cloudCells: .zero 1536         ; 32 × 12 cells of the cloud map

.code
.jump_table main
.export main, main

main:
    store_u64 [haltAddr], ra
    ; --- the save: slot 0 holds (best, games) -----------------------------------------------
    load_imm a0, 0
    load_imm a1, save
    load_imm a2, 0
    load_imm a3, 8
    ecalli mem.slot_read                 ; a0 status, a1 bytes read
    branch_ne_imm a0, 0, no_save
    branch_ne_imm a1, 8, no_save
    load_u32 t0, [save]
    store_u64 [best], t0
    load_u32 t0, [save + 4]
    store_u64 [games], t0
    fallthrough
no_save:
    load_imm a0, s_boot
    load_imm a1, s_start - s_boot
    load_u64 a2, [best]
    call log_num
    call build_maps
    load_imm a0, 0                       ; layer 0: the scenery, 20 × 12
    load_imm a1, SCENERY
    load_imm a2, 20
    load_imm a3, 12
    load_imm a4, bgCells
    load_imm a5, 240
    ecalli gfx.set_tile_layer
    load_imm a0, 1                       ; layer 1: the clouds, 32 × 12 (mostly empty)
    load_imm a1, SPRITES
    load_imm a2, 32
    load_imm a3, 12
    load_imm a4, cloudCells
    load_imm a5, 384
    ecalli gfx.set_tile_layer
    fallthrough

; --- the frame loop ----------------------------------------------------------------------------
frame:
    ecalli system.frame
    store_u64 [frameNo], a0
    ecalli input.pad_masks               ; a0 down, a1 pressed
    store_u64 [padDown], a0
    store_u64 [padPressed], a1
    ecalli input.touch                   ; a0 down … a4 x
    store_u64 [touchDown], a0
    store_u64 [touchX], a4
    load_u64 t0, [frameNo]               ; clouds drift one pixel every third frame
    load_imm t1, 3
    div_u_64 a1, t0, t1
    load_imm a0, 1
    load_imm a2, -10
    ecalli gfx.scroll_tile_layer
    load_u64 t0, [state]
    branch_eq_imm t0, 0, st_title
    branch_eq_imm t0, 1, st_play
    jump st_over

st_title:
    load_u64 t0, [padPressed]
    and_imm t1, t0, BTN_SELECT
    branch_ne_imm t1, 0, quit
    and_imm t1, t0, START_KEYS
    branch_ne_imm t1, 0, start_game
    jump draw

start_game:
    store_imm_u64 [state], 1
    store_imm_u64 [score], 0
    store_imm_u64 [lives], 3
    store_imm_u64 [combo], 0
    store_imm_u64 [spawnTimer], 20
    store_imm_u64 [stateTimer], 0
    store_imm_u64 [flash], 0
    load_imm t0, objects
    load_imm t1, OBJECTS
    fallthrough
clear_objects:
    store_imm_ind_u32 [t0], 0
    add_imm_64 t0, t0, 16
    add_imm_64 t1, t1, -1
    branch_ne_imm t1, 0, clear_objects
    load_imm a0, 4                       ; music.loop (SOUNDS slot 4) on voice 0, looping
    load_imm a1, 0
    load_imm a2, 110
    load_imm a3, 128
    load_imm a4, 256
    load_imm a5, 255
    ecalli audio.play
    load_imm a0, s_start
    load_imm a1, s_end - s_start
    load_u64 a2, [games]
    call log_num
    jump draw

st_play:
    load_u64 t0, [padPressed]
    and_imm t1, t0, BTN_SELECT
    branch_ne_imm t1, 0, quit
    ; move the basket
    load_u64 t0, [basketX]
    load_u64 t1, [padDown]
    and_imm t2, t1, BTN_LEFT
    branch_eq_imm t2, 0, no_left
    add_imm_64 t0, t0, -3
    fallthrough
no_left:
    and_imm t2, t1, BTN_RIGHT
    branch_eq_imm t2, 0, no_right
    add_imm_64 t0, t0, 3
    fallthrough
no_right:
    load_u64 t1, [touchDown]
    branch_eq_imm t1, 0, clamp_x
    load_u64 t1, [touchX]                ; the pointer pulls the basket's centre, 4 px a frame
    add_imm_64 t1, t1, -16
    sub_64 t2, t1, t0
    load_imm t1, 4
    min t2, t2, t1
    load_imm t1, -4
    max t2, t2, t1
    add_64 t0, t0, t2
    fallthrough
clamp_x:
    load_imm t1, 0
    max t0, t0, t1
    load_imm t1, 288
    min t0, t0, t1
    store_u64 [basketX], t0
    ; the music speeds up with the score: pitch 256 + min(score, 128)
    load_u64 t0, [score]
    load_imm t1, 128
    min_u t0, t0, t1
    add_imm_64 a1, t0, 256
    load_imm a0, 0
    ecalli audio.set_pitch
    ; spawn, fall, catch
    load_u64 t0, [spawnTimer]
    add_imm_64 t0, t0, -1
    store_u64 [spawnTimer], t0
    branch_ne_imm t0, 0, no_spawn
    call spawn
    fallthrough
no_spawn:
    call update_objects
    load_u64 t0, [lives]
    branch_ne_imm t0, 0, draw
    call game_over
    jump draw

st_over:
    load_u64 t0, [stateTimer]
    add_imm_64 t0, t0, 1
    store_u64 [stateTimer], t0
    load_u64 t1, [padPressed]
    and_imm t2, t1, BTN_SELECT
    branch_ne_imm t2, 0, quit
    branch_lt_u_imm t0, 30, draw         ; half a second before START counts
    and_imm t2, t1, START_KEYS
    branch_ne_imm t2, 0, start_game
    jump draw

quit:
    store_imm_u64 [state], 3
    load_imm a0, 0
    ecalli audio.stop                    ; the music (VOICE_IDLE when it was not playing)
    call save_card
    load_imm a0, s_quit
    load_imm a1, s_endText - s_quit
    load_u64 a2, [commitStatus]
    call log_num
    fallthrough

; --- drawing -----------------------------------------------------------------------------------
draw:
    load_imm s0, objects
    load_imm s1, OBJECTS
    fallthrough
draw_obj:
    load_ind_u32 t0, [s0]
    branch_eq_imm t0, 0, draw_obj_next
    load_ind_u32 a0, [s0 + 4]
    add_imm_64 a0, a0, 2                 ; tile = kind + 2
    load_imm a1, OWN
    load_ind_i32 a2, [s0 + 8]
    load_ind_i32 a3, [s0 + 12]
    shar_r_imm_64 a3, a3, 4
    load_imm a4, SPRITES
    load_imm a5, 0x0501                  ; layer 1, priority 5
    ecalli composer.emit_sprite
    fallthrough
draw_obj_next:
    add_imm_64 s0, s0, 16
    add_imm_64 s1, s1, -1
    branch_ne_imm s1, 0, draw_obj
    load_imm a0, 0                       ; the basket: two tiles, layer 1, priority 10
    load_imm a1, OWN
    load_u64 a2, [basketX]
    load_imm a3, BASKET_Y
    load_imm a4, SPRITES
    load_imm a5, 0x0a01
    ecalli composer.emit_sprite
    load_imm a0, 1
    load_imm a1, OWN
    load_u64 a2, [basketX]
    add_imm_64 a2, a2, 16
    load_imm a3, BASKET_Y
    load_imm a4, SPRITES
    load_imm a5, 0x0a01
    ecalli composer.emit_sprite
    load_imm s0, effects
    load_imm s1, EFFECTS
    fallthrough
draw_fx:
    load_ind_u32 t0, [s0]
    branch_eq_imm t0, 0, draw_fx_next
    add_imm_64 t0, t0, -1
    store_ind_u32 [s0], t0
    load_imm a0, 5                       ; sparkle, rising as it fades
    load_imm a1, OWN
    load_ind_i32 a2, [s0 + 4]
    load_ind_i32 a3, [s0 + 8]
    neg_add_imm_64 t1, t0, 16
    sub_64 a3, a3, t1
    load_imm a4, SPRITES
    load_imm a5, 0x0002                  ; layer 2
    ecalli composer.emit_sprite
    fallthrough
draw_fx_next:
    add_imm_64 s0, s0, 16
    add_imm_64 s1, s1, -1
    branch_ne_imm s1, 0, draw_fx
    ecalli composer.compose              ; layers and sprites now, so the HUD lies on top
    load_imm a0, 0
    load_imm a1, 0
    load_imm a2, 320
    load_imm a3, 11
    load_imm a4, HUD_BG
    ecalli gfx.fill_rect
    load_u64 a0, [score]
    load_imm a1, hud + 6
    call fmt4
    load_u64 a0, [best]
    load_imm a1, hud + 19
    call fmt4
    load_u64 t0, [lives]
    add_imm_64 t0, t0, 48
    store_u8 [hudEnd - 1], t0
    load_imm a0, 58
    load_imm a1, 2
    load_imm a2, hud
    load_imm a3, hudEnd - hud
    load_imm a4, WHITE
    ecalli gfx.draw_text
    load_u64 t0, [flash]                 ; a red border while a rock's hit flashes
    branch_eq_imm t0, 0, no_flash
    add_imm_64 t0, t0, -1
    store_u64 [flash], t0
    and_imm t0, t0, 4
    branch_eq_imm t0, 0, no_flash
    load_imm a0, 0
    load_imm a1, 11
    load_imm a2, 320
    load_imm a3, 3
    load_imm a4, RED
    ecalli gfx.fill_rect
    load_imm a0, 0
    load_imm a1, 177
    load_imm a2, 320
    load_imm a3, 3
    load_imm a4, RED
    ecalli gfx.fill_rect
    load_imm a0, 0
    load_imm a1, 11
    load_imm a2, 3
    load_imm a3, 169
    load_imm a4, RED
    ecalli gfx.fill_rect
    load_imm a0, 317
    load_imm a1, 11
    load_imm a2, 3
    load_imm a3, 169
    load_imm a4, RED
    ecalli gfx.fill_rect
    fallthrough
no_flash:
    load_u64 t0, [state]
    branch_eq_imm t0, 1, present
    load_imm a0, 50                      ; a panel for the other states
    load_imm a1, 46
    load_imm a2, 220
    load_imm a3, 70
    load_imm a4, PANEL
    ecalli gfx.fill_rect
    load_u64 t0, [state]
    branch_eq_imm t0, 0, title_text
    branch_eq_imm t0, 2, over_text
    load_imm a0, 79                      ; quit: the goodbye banner
    load_imm a1, 62
    load_imm a2, s_saved
    load_imm a3, s_boot - s_saved
    load_imm a4, YELLOW
    ecalli gfx.draw_text
    jump best_line
title_text:
    load_imm a0, 121
    load_imm a1, 56
    load_imm a2, s_title
    load_imm a3, s_press - s_title
    load_imm a4, YELLOW
    ecalli gfx.draw_text
    load_imm a0, 112
    load_imm a1, 76
    load_imm a2, s_press
    load_imm a3, s_help - s_press
    load_imm a4, WHITE
    ecalli gfx.draw_text
    load_imm a0, 76
    load_imm a1, 98
    load_imm a2, s_help
    load_imm a3, s_over - s_help
    load_imm a4, WHITE
    ecalli gfx.draw_text
    jump present
over_text:
    load_imm a0, 133
    load_imm a1, 56
    load_imm a2, s_over
    load_imm a3, s_again - s_over
    load_imm a4, RED
    ecalli gfx.draw_text
    load_imm a0, 109
    load_imm a1, 98
    load_imm a2, s_again
    load_imm a3, s_saved - s_again
    load_imm a4, WHITE
    ecalli gfx.draw_text
    fallthrough
best_line:
    load_u64 a0, [score]
    load_imm a1, scoreText + 6
    call fmt4
    load_imm a0, 130
    load_imm a1, 77
    load_imm a2, scoreText
    load_imm a3, line - scoreText
    load_imm a4, WHITE
    ecalli gfx.draw_text
    fallthrough
present:
    ecalli gfx.present
    load_u64 t0, [state]
    branch_eq_imm t0, 3, halt
    ecalli system.frame_sync
    jump frame
halt:
    load_u64 ra, [haltAddr]
    ret

; --- spawn: a new apple (70 %), golden apple (10 %) or rock (20 %) in a free object ------------
spawn:
    store_u64 [raSpawn], ra
    load_u64 t0, [score]                 ; the next one in max(12, 32 − score/3) frames
    load_imm t1, 3
    div_u_64 t0, t0, t1
    neg_add_imm_64 t0, t0, 32
    load_imm t1, 12
    max t0, t0, t1
    store_u64 [spawnTimer], t0
    load_imm s0, objects
    load_imm s1, OBJECTS
    fallthrough
spawn_find:
    load_ind_u32 t0, [s0]
    branch_eq_imm t0, 0, spawn_here
    add_imm_64 s0, s0, 16
    add_imm_64 s1, s1, -1
    branch_ne_imm s1, 0, spawn_find
    jump spawn_done
spawn_here:
    call rand                            ; a0 = 0…32767
    load_imm t1, 10
    rem_u_64 t0, a0, t1
    load_imm t2, 0                       ; 3…9: apple
    branch_ge_u_imm t0, 3, kind_set
    load_imm t2, 2                       ; 0, 1: rock
    branch_ne_imm t0, 2, kind_set
    load_imm t2, 1                       ; 2: golden
    fallthrough
kind_set:
    store_imm_ind_u32 [s0], 1
    store_ind_u32 [s0 + 4], t2
    load_imm t1, 10
    div_u_64 t0, a0, t1
    load_imm t1, 289
    rem_u_64 t0, t0, t1
    add_imm_64 t0, t0, 8                 ; x in 8…296
    store_ind_u32 [s0 + 8], t0
    store_imm_ind_u32 [s0 + 12], -320    ; y = −20 px
    fallthrough
spawn_done:
    load_u64 ra, [raSpawn]
    ret

; --- update_objects: fall, leave the screen, or land in the basket -----------------------------
update_objects:
    store_u64 [raUpdate], ra
    load_u64 t0, [score]                 ; speed = min(64, 22 + score/2) sixteenths per frame
    shlo_r_imm_64 t0, t0, 1
    add_imm_64 t0, t0, 22
    load_imm t1, 64
    min_u t0, t0, t1
    store_u64 [speed], t0
    load_imm s0, objects
    load_imm s1, OBJECTS
    fallthrough
upd_next:
    load_ind_u32 t0, [s0]
    branch_eq_imm t0, 0, upd_skip
    load_ind_i32 t0, [s0 + 12]
    load_u64 t1, [speed]
    add_64 t0, t0, t1
    store_ind_u32 [s0 + 12], t0
    shar_r_imm_64 t0, t0, 4              ; y in pixels
    branch_lt_s_imm t0, 184, upd_zone
    store_imm_ind_u32 [s0], 0            ; fell off the screen
    load_ind_u32 t1, [s0 + 4]
    branch_eq_imm t1, 2, upd_skip        ; a dodged rock keeps the combo
    store_imm_u64 [combo], 0
    jump upd_skip
upd_zone:
    branch_lt_s_imm t0, 128, upd_skip    ; the object's top in 128…146: level with the basket
    branch_gt_s_imm t0, 146, upd_skip
    load_ind_i32 t1, [s0 + 8]            ; its centre within the basket's 32 px (+2 each side)
    add_imm_64 t1, t1, 8
    load_u64 t2, [basketX]
    add_imm_64 t2, t2, -2
    branch_lt_s t1, t2, upd_skip
    add_imm_64 t2, t2, 36
    branch_ge_s t1, t2, upd_skip
    call caught
    fallthrough
upd_skip:
    add_imm_64 s0, s0, 16
    add_imm_64 s1, s1, -1
    branch_ne_imm s1, 0, upd_next
    load_u64 ra, [raUpdate]
    ret

; caught: object s0 landed in the basket.
caught:
    store_imm_ind_u32 [s0], 0
    load_u64 t0, [effectNext]            ; a sparkle where it landed
    add_imm_64 t1, t0, 1
    store_u64 [effectNext], t1
    and_imm t0, t0, 3
    shlo_l_imm_64 t0, t0, 4
    add_imm_64 t0, t0, effects
    store_imm_ind_u32 [t0], 16
    load_ind_i32 t1, [s0 + 8]
    store_ind_u32 [t0 + 4], t1
    load_ind_i32 t1, [s0 + 12]
    shar_r_imm_64 t1, t1, 4
    store_ind_u32 [t0 + 8], t1
    load_ind_i32 t1, [s0 + 8]            ; pan = x · 255 / 304
    mul_imm_64 t1, t1, 255
    load_imm t2, 304
    div_u_64 t1, t1, t2
    load_imm t2, 255
    min_u t1, t1, t2
    store_u64 [pan], t1
    load_ind_u32 t0, [s0 + 4]
    branch_eq_imm t0, 2, caught_rock
    branch_eq_imm t0, 1, caught_gold
    load_u64 t1, [score]                 ; an apple
    add_imm_64 t1, t1, 1
    store_u64 [score], t1
    load_u64 t1, [combo]
    add_imm_64 t1, t1, 1
    store_u64 [combo], t1
    load_imm t2, 16
    min_u t1, t1, t2
    shlo_l_imm_64 t1, t1, 4
    add_imm_64 a4, t1, 256               ; pitch rises with the combo
    load_imm a0, 0                       ; sfx.catch
    load_imm a1, 255
    load_imm a2, 200
    load_u64 a3, [pan]
    load_imm a5, 10
    ecalli audio.play
    jump caught_best
caught_gold:
    load_u64 t1, [score]
    add_imm_64 t1, t1, 5
    store_u64 [score], t1
    load_u64 t1, [combo]
    add_imm_64 t1, t1, 1
    store_u64 [combo], t1
    load_imm a0, 1                       ; sfx.gold
    load_imm a1, 255
    load_imm a2, 220
    load_u64 a3, [pan]
    load_imm a4, 256
    load_imm a5, 20
    ecalli audio.play
    fallthrough
caught_best:
    load_u64 t1, [score]
    load_u64 t2, [best]
    max_u t2, t1, t2
    store_u64 [best], t2
    ret
caught_rock:
    load_u64 t1, [lives]
    add_imm_64 t1, t1, -1
    store_u64 [lives], t1
    store_imm_u64 [combo], 0
    store_imm_u64 [flash], 24
    load_imm a0, 2                       ; sfx.rock
    load_imm a1, 255
    load_imm a2, 255
    load_u64 a3, [pan]
    load_imm a4, 256
    load_imm a5, 30
    ecalli audio.play
    ret

; --- game_over: music off, jingle, save ------------------------------------------------------
game_over:
    store_u64 [raOver], ra
    store_imm_u64 [state], 2
    store_imm_u64 [stateTimer], 0
    load_u64 t0, [games]
    add_imm_64 t0, t0, 1
    store_u64 [games], t0
    load_imm a0, 0
    ecalli audio.stop
    load_imm a0, 3                       ; sfx.over
    load_imm a1, 255
    load_imm a2, 255
    load_imm a3, 128
    load_imm a4, 256
    load_imm a5, 40
    ecalli audio.play
    call save_card
    load_imm a0, s_end
    load_imm a1, s_quit - s_end
    load_u64 a2, [score]
    call log_num
    load_u64 ra, [raOver]
    ret

; save_card: (best, games) into memcard slot 0, committed.
save_card:
    load_u64 t0, [best]
    store_u32 [save], t0
    load_u64 t0, [games]
    store_u32 [save + 4], t0
    load_imm a0, 0
    load_imm a1, save
    load_imm a2, 0
    load_imm a3, 8
    ecalli mem.slot_write
    load_imm a0, 0
    ecalli mem.slot_commit
    store_u64 [commitStatus], a0
    ret

; --- rand: a0 = 0…32767 (32-bit LCG) ----------------------------------------------------------
rand:
    load_u64 t0, [rng]
    mul_imm_32 t0, t0, 1103515245
    add_imm_32 t0, t0, 12345
    store_u64 [rng], t0
    shlo_r_imm_32 a0, t0, 16
    and_imm a0, a0, 0x7fff
    ret

; --- fmt4: the 4 low decimal digits of a0 at a1…a1+3 -----------------------------------------
fmt4:
    load_imm t1, 10000
    rem_u_64 a0, a0, t1
    add_imm_64 a1, a1, 3
    load_imm t2, 4
    fallthrough
fmt4_next:
    load_imm t1, 10
    rem_u_64 t0, a0, t1
    add_imm_64 t0, t0, 48
    store_ind_u8 [a1], t0
    div_u_64 a0, a0, t1
    add_imm_64 a1, a1, -1
    add_imm_64 t2, t2, -1
    branch_ne_imm t2, 0, fmt4_next
    ret

; --- log_num: logs "<a0: a1 bytes><a2 in decimal>" at level info -----------------------------
log_num:
    store_u64 [raLog], ra
    load_imm t0, line
    fallthrough
log_copy:
    branch_eq_imm a1, 0, log_digits
    load_ind_u8 t1, [a0]
    store_ind_u8 [t0], t1
    add_imm_64 a0, a0, 1
    add_imm_64 t0, t0, 1
    add_imm_64 a1, a1, -1
    jump log_copy
log_digits:
    load_imm a1, digitsEnd
    fallthrough
log_div:
    add_imm_64 a1, a1, -1
    load_imm t1, 10
    rem_u_64 t2, a2, t1
    add_imm_64 t2, t2, 48
    store_ind_u8 [a1], t2
    div_u_64 a2, a2, t1
    branch_ne_imm a2, 0, log_div
    fallthrough
log_append:
    load_ind_u8 t1, [a1]
    store_ind_u8 [t0], t1
    add_imm_64 t0, t0, 1
    add_imm_64 a1, a1, 1
    load_imm t1, digitsEnd
    branch_ne a1, t1, log_append
    load_imm a0, 1
    load_imm a1, line
    load_imm t1, line
    sub_64 a2, t0, t1
    ecalli log.write
    load_u64 ra, [raLog]
    ret

; --- build_maps: the scenery map (20 × 12) and the cloud map (32 × 12) -------------------------
build_maps:
    load_imm s0, bgCells
    load_imm t0, 0                       ; row
    fallthrough
bm_row:
    load_imm t1, 0                       ; column
    fallthrough
bm_col:
    load_imm t2, 3                       ; rows 0–3: sky 0…3, rows 4–6: sky 3
    branch_ge_u_imm t0, 4, bm_low
    move_reg t2, t0
    jump bm_store
bm_low:
    branch_lt_u_imm t0, 7, bm_store
    load_imm t2, 4                       ; row 7: hills, 4 / 5 alternating
    branch_ne_imm t0, 7, bm_ground
    and_imm a0, t1, 1
    add_64 t2, t2, a0
    jump bm_store
bm_ground:
    load_imm t2, 9                       ; row 8: hillside
    branch_eq_imm t0, 8, bm_store
    load_imm t2, 6                       ; row 9: grass
    branch_eq_imm t0, 9, bm_store
    mul_imm_64 a0, t1, 7                 ; rows 10–11: dirt, a stone now and then
    add_64 a0, a0, t0
    load_imm a1, 5
    rem_u_64 a0, a0, a1
    load_imm t2, 7
    branch_ne_imm a0, 0, bm_store
    load_imm t2, 8
    fallthrough
bm_store:
    add_imm_64 t2, t2, 0xff0000          ; the tile's own palette
    store_ind_u32 [s0], t2
    add_imm_64 s0, s0, 4
    add_imm_64 t1, t1, 1
    branch_ne_imm t1, 20, bm_col
    add_imm_64 t0, t0, 1
    branch_ne_imm t0, 12, bm_row
    load_imm s0, cloudCells              ; clouds: every cell empty …
    load_imm t0, 384
    fallthrough
cm_fill:
    store_imm_ind_u32 [s0], 0xffff
    add_imm_64 s0, s0, 4
    add_imm_64 t0, t0, -1
    branch_ne_imm t0, 0, cm_fill
    load_imm s1, cloudSpots              ; … but six clouds of three tiles (6, 7, 8)
    load_imm t0, 6
    fallthrough
cm_spot:
    load_ind_u32 t1, [s1]
    shlo_l_imm_64 t1, t1, 2
    add_imm_64 t1, t1, cloudCells
    store_imm_ind_u32 [t1], 0xff0006
    store_imm_ind_u32 [t1 + 4], 0xff0007
    store_imm_ind_u32 [t1 + 8], 0xff0008
    add_imm_64 s1, s1, 4
    add_imm_64 t0, t0, -1
    branch_ne_imm t0, 0, cm_spot
    ret
