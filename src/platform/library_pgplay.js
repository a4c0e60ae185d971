// The JavaScript half of src/platform/js_bridge.h. Each function forwards to the page's host
// object (web/main.js passes it as Module.pgplayHost before the runtime starts), so this file
// stays a thin, stable list and the page logic lives in plain ES modules (web/*.js) that are
// easy to read and test. Strings and bytes are copied out of the heap here: it may grow (and
// move) before the host is done with them.
mergeInto(LibraryManager.library, {
  pgplay_js_request_frame: function () {
    Module.pgplayHost.requestFrame();
  },
  pgplay_js_request_drain: function () {
    Module.pgplayHost.requestDrain();
  },
  pgplay_js_request_frame_after: function (ms) {
    Module.pgplayHost.requestFrameAfter(ms);
  },
  pgplay_js_set_clipboard: function (text) {
    Module.pgplayHost.setClipboard(UTF8ToString(text));
  },
  pgplay_js_set_text_input_position: function (x, y, lineHeight) {
    Module.pgplayHost.setTextInputPosition(x, y, lineHeight);
  },
  pgplay_js_request_fallback_fonts: function () {
    Module.pgplayHost.requestFallbackFonts();
  },
  pgplay_js_is_mac: function () {
    return Module.pgplayHost.isMac ? 1 : 0;
  },
  pgplay_js_set_cursor: function (cursor) {
    Module.pgplayHost.setCursor(UTF8ToString(cursor));
  },
  pgplay_js_db_start: function (channel) {
    Module.pgplayHost.dbStart(channel);
  },
  pgplay_js_db_send: function (channel, requestId, ptr, len, count) {
    // The packed batches as they are; web/db-bridge.js unpacks them (web/packing.js).
    Module.pgplayHost.dbSend(channel, requestId, HEAPU8.slice(ptr, ptr + len), count);
  },
  pgplay_js_db_restart: function (channel) {
    Module.pgplayHost.dbRestart(channel);
  },
  pgplay_js_db_replace: function (channel, contents) {
    Module.pgplayHost.dbReplace(channel, contents);
  },
  pgplay_js_db_pg_dump: function (channel, requestId, argsJson) {
    Module.pgplayHost.dbPgDump(channel, requestId, JSON.parse(UTF8ToString(argsJson)));
  },
  pgplay_js_sandbox_download: function () {
    Module.pgplayHost.sandboxDownload();
  },
  pgplay_js_sandbox_pick_file: function () {
    Module.pgplayHost.sandboxPickFile();
  },
  pgplay_js_save_progress: function (json) {
    Module.pgplayHost.saveProgress(UTF8ToString(json));
  },
  pgplay_js_scripts_changed: function () {
    Module.pgplayHost.scriptsChanged();
  },
  pgplay_js_download_script: function (name, text) {
    Module.pgplayHost.downloadScript(UTF8ToString(name), UTF8ToString(text));
  },
  pgplay_js_pick_script_file: function () {
    Module.pgplayHost.pickScriptFile();
  },
  pgplay_js_export_progress: function (json) {
    Module.pgplayHost.exportProgress(UTF8ToString(json));
  },
  pgplay_js_import_progress: function () {
    Module.pgplayHost.importProgress();
  },
  pgplay_js_api_resolve: function (apiId, json) {
    Module.pgplayHost.apiResolve(apiId, UTF8ToString(json));
  },
  pgplay_js_api_ready: function () {
    Module.pgplayHost.apiReady();
  },
  pgplay_js_share: function (payloadJson, openFullSize) {
    Module.pgplayHost.share(UTF8ToString(payloadJson), openFullSize !== 0);
  },
  pgplay_js_accessible_text: function (json) {
    Module.pgplayHost.accessibleText(UTF8ToString(json));
  },
  pgplay_js_embed_height: function (height) {
    Module.pgplayHost.embedHeight(height);
  },
});
