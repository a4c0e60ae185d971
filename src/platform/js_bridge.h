// Every JavaScript function the C++ side calls, in one place with one prefix (pgplay_js_).
// They are implemented in library_pgplay.js and forward to the page's host object (built in
// web/main.js from the web/*.js modules), which owns the page: the canvas, the hidden text area
// for keyboard input, the PGlite worker, window.playground.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {

// Frames: the page draws only when something asks for it (input, a reply, an animation).
void pgplay_js_request_frame();
void pgplay_js_request_frame_after(int milliseconds);
// Calls pgplay_drain_databases() in a microtask: a queued request goes out before the next frame.
void pgplay_js_request_drain();

// Clipboard: ImGui's copy goes to the system clipboard.
void pgplay_js_set_clipboard(const char* utf8);
// The text caret's top-left and line height (CSS px, canvas-relative) while text is edited:
// the hidden text area moves there, so an IME's candidate window opens beside the caret.
void pgplay_js_set_text_input_position(float x, float y, float line_height);
// Text needs characters the built-in fonts lack: fetch the fallback fonts (CJK, symbols and
// emoji); the page hands them over with pgplay_set_font(2|3) and pgplay_fallback_fonts_arrived.
void pgplay_js_request_fallback_fonts();
// Whether the host is a Mac (Cmd instead of Ctrl for shortcuts).
int pgplay_js_is_mac();
// Sets the CSS cursor of the canvas ("default", "text", "pointer", "ew-resize", ...).
void pgplay_js_set_cursor(const char* css_cursor);

// Database workers, one per channel (DatabaseChannel): 0 the learner's sandbox (started with the
// page), 1 the race scenarios' own database, 2 the lessons' own (each started on first use). Sends one script as `count` wire-protocol
// batches packed as [u32 little-endian length][bytes]... (web/packing.js unpacks them); the reply
// comes back, packed the same way, through pgplay_db_reply().
void pgplay_js_db_start(int channel);
void pgplay_js_db_send(int channel, double request_id, const uint8_t* packed, size_t packed_len, int count);
// Throws the worker away (the only way to stop a query PGlite is running) and starts a new one.
void pgplay_js_db_restart(int channel);
// The same, on new contents: 0 an empty database, 1 the file the learner last picked.
void pgplay_js_db_replace(int channel, int contents);
// pg_dump with these options (a JSON array of strings), in turn with the channel's scripts.
void pgplay_js_db_pg_dump(int channel, double request_id, const char* args_json);
// The sandbox as a file: save it (the outcome comes back through pgplay_db_notice); ask the
// learner for a file to open (pgplay_sandbox_file_picked follows when they pick one).
void pgplay_js_sandbox_download();
void pgplay_js_sandbox_pick_file();

// Lesson progress: keep it in browser storage; offer it as a file; ask the learner for a file
// (the page then calls pgplay_import_progress with its text).
void pgplay_js_save_progress(const char* json);
void pgplay_js_export_progress(const char* json);
void pgplay_js_import_progress();
void pgplay_js_scripts_changed();                               // store pgplay_scripts_json() soon
void pgplay_js_download_script(const char* fileName, const char* text);
void pgplay_js_pick_script_file();                              // pgplay_open_script_file() follows

// window.playground: resolve an API promise, announce readiness.
void pgplay_js_api_resolve(double api_id, const char* json);
void pgplay_js_api_ready();
// Share (or an embed's "Open full size"): the page makes the link from the payload's JSON.
void pgplay_js_share(const char* payload_json, int open_full_size);
// What the canvas shows, in words (App::onAccessibleText): the page's accessible layer.
void pgplay_js_accessible_text(const char* json);
// An embed's preferred height changed (CSS pixels): the page tells its parent.
void pgplay_js_embed_height(int height);

}  // extern "C"
