// The plan form (admin/): Decap CMS, configured by plansite.site.admin from the plan schema.
// This script holds no field of its own: the form's fields, the layout of the file (the
// template of `plansite new`, the schema's order and kinds) come as data on its tag.
// It must run before decap-cms.js (CMS_MANUAL_INIT), and starts the CMS once the page is read.
(function () {
  "use strict";
  window.CMS_MANUAL_INIT = true;
  var data = JSON.parse(document.currentScript.getAttribute("data-config"));
  var SCHEMA = data.schema;

  function isEmpty(v) {
    if (v === undefined || v === null) return true;
    if (typeof v === "string") return v.trim() === "";
    if (Array.isArray(v)) return v.every(isEmpty);
    if (typeof v === "object") return Object.keys(v).every(function (k) { return isEmpty(v[k]); });
    return false;
  }

  // A value the reader reads as written without quotes (a date, a number, a level, a period);
  // anything else, and every text, is written in double quotes (JSON's quoting is YAML's).
  var PLAIN = /^[\p{L}\p{N}][\p{L}\p{N} /.\-]*$/u;
  var WORDS = /^(?:y|n|yes|no|true|false|on|off|null)$/i;
  function scalar(kind, v) {
    var text = String(v).normalize("NFC").trim();
    if (kind !== "text" && kind !== "long" && PLAIN.test(text) && !WORDS.test(text)) return text;
    return JSON.stringify(text);
  }

  // The lines of one field with its value, at `indent`; [] when it holds nothing.
  function lines(f, v, indent) {
    if (isEmpty(v)) return [];
    var sub = indent + "  ";
    var out = [];
    if (f.kind === "texts") {
      (Array.isArray(v) ? v : [v]).forEach(function (x) {
        if (!isEmpty(x)) out.push(sub + "- " + scalar("text", x));
      });
    } else if (f.kind === "group") {
      f.fields.forEach(function (s) { out = out.concat(lines(s, v[s.name], sub)); });
    } else if (f.kind === "list") {
      v.forEach(function (item) {
        var own = [];
        f.fields.forEach(function (s) { own = own.concat(lines(s, item[s.name], sub + "  ")); });
        if (own.length) own[0] = sub + "- " + own[0].slice(sub.length + 2);
        out = out.concat(own);
      });
    } else if (f.kind === "map") {
      var key = f.fields[0], value = f.fields[1];
      v.forEach(function (pair) {
        if (isEmpty(pair[key.name]) || isEmpty(pair[value.name])) return;
        out.push(sub + scalar("text", pair[key.name]) + ": " + scalar(value.kind, pair[value.name]));
      });
    } else {
      return [indent + f.name + ": " + scalar(f.kind, v)];
    }
    return out.length ? [indent + f.name + ":"].concat(out) : [];
  }

  function byName(fields) {
    var out = {};
    fields.forEach(function (f) { out[f.name] = f; });
    return out;
  }

  function today() {
    var d = new Date();
    return [d.getFullYear(), d.getMonth() + 1, d.getDate()]
      .map(function (n, i) { return i ? String(n).padStart(2, "0") : String(n); }).join("-");
  }

  // The file `plansite new` writes, with the form's values on its lines: a value replaces
  // its key's line (or, for a group, its sub-field's line); a field the template does not
  // have goes after the group's lines, or at the end of the front matter.
  function toFile(values) {
    var fields = byName(SCHEMA);
    var filled = data.template.split("\n");
    var out = [];
    var done = {};
    var fence = 0;
    var group = null; // the group whose sub-field lines follow
    var groupDone = {};
    function closeGroup() {
      if (!group) return;
      var value = values[group.name] || {};
      group.fields.forEach(function (s) {
        if (!groupDone[s.name]) out = out.concat(lines(s, value[s.name], "  "));
      });
      group = null;
    }
    for (var i = 0; i < filled.length; i++) {
      var line = filled[i];
      if (line === "---") {
        fence += 1;
        if (fence === 2) {
          closeGroup();
          SCHEMA.forEach(function (f) {
            if (!done[f.name]) out = out.concat(lines(f, values[f.name], ""));
          });
        }
        out.push(line);
        continue;
      }
      if (fence !== 1) {
        if (line.indexOf("{placeholder}") >= 0) {
          var body = isEmpty(values.body) ? data.placeholder : values.body.normalize("NFC").replace(/\s+$/, "");
          line = line.replace("{placeholder}", body);
        }
        out.push(line);
        continue;
      }
      var sub = /^ {2}([a-z_]+):(.*)$/.exec(line);
      if (group && sub) {
        var s = byName(group.fields)[sub[1]];
        var v = (values[group.name] || {})[sub[1]];
        groupDone[sub[1]] = true;
        out = out.concat(s && !isEmpty(v) ? lines(s, v, "  ") : [line]);
        continue;
      }
      if (group && !/^\s/.test(line)) closeGroup();
      var top = /^([a-z_]+):(.*)$/.exec(line);
      var f = top && fields[top[1]];
      if (!f) { out.push(line); continue; }
      done[f.name] = true;
      var value = values[f.name];
      if (f.kind === "group") {
        out.push(line);
        group = f;
        groupDone = {};
        continue;
      }
      if (f.name === "published" && isEmpty(value)) value = today();
      var own = lines(f, value, "");
      out = out.concat(own.length ? own : [line]);
    }
    return out.join("\n");
  }

  // A plan already in plans/: its front matter (js-yaml, dates left as text) and its text.
  function fromFile(content) {
    var m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(content);
    if (!m) return { body: content };
    var meta = window.jsyaml.load(m[1], { schema: window.jsyaml.CORE_SCHEMA }) || {};
    SCHEMA.forEach(function (f) {
      var v = meta[f.name];
      if (v === undefined || v === null) return;
      if (f.kind === "texts" && !Array.isArray(v)) meta[f.name] = [String(v)];
      if (f.kind === "group" && typeof v !== "object") meta[f.name] = { name: String(v) };
      if (f.kind === "list" && Array.isArray(v)) {
        meta[f.name] = v.map(function (item) {
          if (typeof item === "object" && item !== null) return item;
          var first = {};
          first[f.fields[0].name] = String(item);
          return first;
        });
      }
      if (f.kind === "map" && typeof v === "object" && !Array.isArray(v)) {
        meta[f.name] = Object.keys(v).map(function (k) {
          var pair = {};
          pair[f.fields[0].name] = k;
          pair[f.fields[1].name] = v[k];
          return pair;
        });
      }
    });
    meta.body = m[2].replace(/^\r?\n/, "");
    return meta;
  }

  // What Decap's Vietnamese lacks (it would show English).
  var VI = {
    auth: { loginWithAzure: "Đăng nhập bằng Azure", loginWithForgejo: "Đăng nhập bằng Forgejo" },
    collection: {
      collectionTop: {
        viewAs: "Xem dạng", viewAsList: "Xem dạng danh sách", viewAsGrid: "Xem dạng lưới",
        newButton: "Thêm %{collectionLabel}", groupBy: "Nhóm theo",
      },
      entries: { unpublishedHeader: "Bài chưa đăng" },
      groups: { other: "Khác", negateLabel: "Không phải %{label}" },
    },
    editor: {
      editorControl: { field: { widgetLabel: "Trường %{widgetLabel}" } },
      editorControlPane: {
        i18n: {
          writingInLocale: "Đang viết bằng %{locale}",
          copyFromLocale: "Điền từ ngôn ngữ khác",
          copyFromLocaleConfirm: "Điền dữ liệu từ %{locale}?\nMọi nội dung đang có sẽ bị ghi đè.",
        },
      },
      editorInterface: {
        toggleI18n: "Bật/tắt đa ngôn ngữ", togglePreview: "Bật/tắt xem trước",
        toggleScrollSync: "Cuộn cùng nhau", toggleNotes: "Bật/tắt ghi chú",
      },
      editorNotesPane: {
        title: "Ghi chú", emptyState: "Chưa có ghi chú.", addNote: "Thêm ghi chú",
        addPlaceholder: "Thêm ghi chú...", editPlaceholder: "Sửa ghi chú...", save: "Lưu",
        cancel: "Hủy", edit: "Sửa", delete: "Xóa", resolve: "Đã xong", unresolve: "Mở lại",
        confirmDelete: "Xóa ghi chú này?", shortcut: "Mẹo: Ctrl+Enter để thêm nhanh",
      },
      editorToolbar: {
        statusInfoTooltipDraft: "Bài đang là bản nháp: chọn “Đang duyệt” để gửi duyệt",
        statusInfoTooltipInReview: "Bài đang được duyệt; vẫn có thể sửa thêm.",
      },
      editorWidgets: {
        markdown: {
          bold: "Đậm", italic: "Nghiêng", strikethrough: "Gạch ngang", code: "Mã",
          link: "Liên kết", linkPrompt: "Nhập địa chỉ liên kết", headings: "Tiêu đề",
          quote: "Trích dẫn", bulletedList: "Danh sách gạch đầu dòng",
          numberedList: "Danh sách đánh số", addComponent: "Thêm thành phần",
          markdown: "Văn bản thô",
          toggleMode: { rich: "Chuyển sang soạn thảo định dạng", markdown: "Chuyển sang văn bản thô" },
        },
        image: {
          chooseMultiple: "Chọn ảnh", chooseUrl: "Chèn từ địa chỉ", replaceUrl: "Thay bằng địa chỉ",
          promptUrl: "Nhập địa chỉ ảnh", addMore: "Thêm ảnh", removeAll: "Xóa mọi ảnh",
        },
        file: {
          chooseUrl: "Chèn từ địa chỉ", chooseMultiple: "Chọn tệp", replaceUrl: "Thay bằng địa chỉ",
          promptUrl: "Nhập địa chỉ tệp", addMore: "Thêm tệp", removeAll: "Xóa mọi tệp",
        },
        datetime: { setToNow: "Đặt %{fieldLabel} là bây giờ" },
        list: { add: "Thêm %{item}", addType: "Thêm %{item}" },
        object: { expand: "Mở ra", collapse: "Thu gọn" },
      },
    },
    mediaLibrary: {
      mediaLibraryCard: {
        copy: "Chép", copyUrl: "Chép địa chỉ", copyPath: "Chép đường dẫn", copyName: "Chép tên",
        copied: "Đã chép",
      },
      mediaLibraryModal: { close: "Đóng" },
    },
    ui: {
      settingsDropdown: { account: "Tài khoản" },
      toast: {
        noteAdded: "Đã thêm ghi chú", onFailToAddNote: "Không thêm được ghi chú: %{details}",
        noteUpdated: "Đã sửa ghi chú", onFailToUpdateNote: "Không sửa được ghi chú: %{details}",
        noteDeleted: "Đã xóa ghi chú", onFailToDeleteNote: "Không xóa được ghi chú: %{details}",
        noteResolved: "Ghi chú đã xong", noteReopened: "Đã mở lại ghi chú",
        onFailToToggleNote: "Không đổi được ghi chú: %{details}",
      },
    },
  };

  function merge(into, from) {
    Object.keys(from).forEach(function (k) {
      if (typeof from[k] === "object") into[k] = merge(Object.assign({}, into[k] || {}), from[k]);
      else into[k] = from[k];
    });
    return into;
  }

  // Recurrence codes -> their Vietnamese labels, from the form's own choices.
  var RECURRENCES = {};
  (function collect(fields) {
    fields.forEach(function (f) {
      if (f.name === "recurring") f.options.forEach(function (o) { RECURRENCES[o.value] = o.label; });
      collect(f.fields || []);
    });
  })(data.cms.collections[0].fields);

  function start() {
    var CMS = window.CMS;
    var h = window.h;
    CMS.registerLocale("vi", merge(merge({}, CMS.getLocale("vi") || {}), VI));
    CMS.registerCustomFormat("plansite", "md", { fromFile: fromFile, toFile: toFile });
    data.stylesheets.forEach(function (css) {
      CMS.registerPreviewStyle(new URL("../" + css, document.baseURI).href);
    });
    // The preview: the plan as its page shows it, in the site's stylesheets.
    CMS.registerPreviewTemplate("plans", window.createClass({
      render: function () {
        var entry = this.props.entry;
        var get = function (k) { return entry.getIn(["data", k]); };
        var milestones = (get("milestones") || { toJS: function () { return []; } }).toJS();
        return h("article", { className: "md-typeset" },
          h("p", { className: "plansite-kind" }, [get("issuer"), get("number")].filter(Boolean).join(" · ")),
          h("h1", {}, get("title") || ""),
          milestones.length ? h("ul", { className: "plansite-milestones" }, milestones.map(function (ms, i) {
            var when = ms.by || RECURRENCES[ms.recurring];
            return h("li", { key: i }, [when, ms.what, ms.who].filter(Boolean).join(": "));
          })) : null,
          this.props.widgetFor("body"));
      },
    }));
    CMS.init({ config: data.cms });
  }

  // What axe reports of Decap's own markup and a script can mend: the preview's frame and the
  // text editor have no accessible name (tests/test_admin_browser.py lists what is left).
  var BODY_LABEL = data.cms.collections[0].fields.filter(function (f) {
    return f.widget === "markdown";
  })[0].label;
  function mend() {
    document.querySelectorAll("iframe#preview-pane:not([title])").forEach(function (frame) {
      frame.setAttribute("title", "Xem trước kế hoạch");
    });
    document.querySelectorAll('[data-slate-editor="true"]:not([aria-label])').forEach(function (ed) {
      ed.setAttribute("aria-label", BODY_LABEL);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    start();
    new MutationObserver(mend).observe(document.body, { childList: true, subtree: true });
  });
})();
