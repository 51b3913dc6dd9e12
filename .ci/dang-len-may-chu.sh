#!/bin/sh
# Đăng thư mục site/ (đã dựng bằng `make site`) lên máy chủ web riêng của cấp ủy, bằng rsync
# qua SSH. Các tệp CI (.gitlab-ci.yml, .github/workflows/dang-trang.yml,
# .gitea/workflows/dang-trang.yml) gọi tệp này sau `make check` và `make site`, chỉ ở nhánh
# chính. Cách đặt các biến: trang "Đăng lên trang thật" (docs/dang-len-trang-that.md).
#
#   DEPLOY_HOST         tên hoặc địa chỉ IP của máy chủ, ví dụ kehoach.example.vn
#   DEPLOY_USER         tài khoản SSH trên máy chủ
#   DEPLOY_PATH         thư mục của trang trên máy chủ (đường dẫn đầy đủ), ví dụ /var/www/kehoach
#   DEPLOY_SSH_KEY      khóa SSH riêng (private key) của tài khoản đó: nội dung khóa, hoặc
#                       đường dẫn tệp khóa (biến kiểu "File" của GitLab)
#   DEPLOY_KNOWN_HOSTS  dòng known_hosts của máy chủ (lệnh ssh-keyscan in ra): nội dung hoặc
#                       đường dẫn tệp
#   DEPLOY_PORT         cổng SSH; không bắt buộc, mặc định 22
#
# Chưa đặt biến nào: bỏ qua bước này, báo một dòng, không coi là lỗi. Đặt thiếu: dừng, nêu tên
# biến còn thiếu. Giá trị các biến không bao giờ được in ra.
set -eu

guide="xem trang Đăng lên trang thật (docs/dang-len-trang-that.md)"

missing=""
[ -n "${DEPLOY_HOST:-}" ] || missing="$missing DEPLOY_HOST"
[ -n "${DEPLOY_USER:-}" ] || missing="$missing DEPLOY_USER"
[ -n "${DEPLOY_PATH:-}" ] || missing="$missing DEPLOY_PATH"
[ -n "${DEPLOY_SSH_KEY:-}" ] || missing="$missing DEPLOY_SSH_KEY"
[ -n "${DEPLOY_KNOWN_HOSTS:-}" ] || missing="$missing DEPLOY_KNOWN_HOSTS"

if [ "$missing" = " DEPLOY_HOST DEPLOY_USER DEPLOY_PATH DEPLOY_SSH_KEY DEPLOY_KNOWN_HOSTS" ]; then
    echo "Bỏ qua bước đăng lên máy chủ riêng: chưa đặt các biến DEPLOY_HOST, DEPLOY_USER," \
        "DEPLOY_PATH, DEPLOY_SSH_KEY, DEPLOY_KNOWN_HOSTS. Trang đã được kiểm tra và dựng;" \
        "muốn đăng lên máy chủ riêng thì đặt các biến đó, $guide."
    exit 0
fi
if [ -n "$missing" ]; then
    echo "lỗi: đăng lên máy chủ riêng: còn thiếu biến$missing. Đặt đủ các biến," \
        "hoặc xóa hết để bỏ qua bước này; $guide." >&2
    exit 1
fi

port="${DEPLOY_PORT:-22}"
case "$port" in
    '' | *[!0-9]*)
        echo "lỗi: đăng lên máy chủ riêng: DEPLOY_PORT phải là một số (cổng SSH, thường là 22)." >&2
        exit 1
        ;;
esac

# rsync --delete xóa ở thư mục đích mọi tệp không có trong site/: thư mục đó phải là thư mục
# riêng của trang, ghi đầy đủ, không bao giờ là thư mục gốc.
case "$DEPLOY_PATH" in
    /*) ;;
    *)
        echo "lỗi: đăng lên máy chủ riêng: DEPLOY_PATH phải là đường dẫn đầy đủ, bắt đầu bằng /" \
            "(ví dụ /var/www/kehoach)." >&2
        exit 1
        ;;
esac
case "$DEPLOY_PATH" in
    *[!/]*) root_only="" ;;
    *) root_only=1 ;;
esac
case "$root_only$DEPLOY_PATH" in
    1* | *..*)
        echo "lỗi: đăng lên máy chủ riêng: DEPLOY_PATH không được là thư mục gốc / hay chứa ..;" \
            "ghi thư mục riêng của trang (ví dụ /var/www/kehoach)." >&2
        exit 1
        ;;
esac

if [ ! -f site/index.html ]; then
    echo "lỗi: đăng lên máy chủ riêng: chưa có trang trong thư mục site/ (chạy make site trước)." >&2
    exit 1
fi

# Máy chạy CI chưa có rsync hay ssh thì cài từ kho gói Debian/Ubuntu.
if ! command -v rsync >/dev/null 2>&1 || ! command -v ssh >/dev/null 2>&1; then
    echo "Cài rsync và ssh cho bước đăng…"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq >/dev/null
    $sudo apt-get install -y -qq rsync openssh-client >/dev/null
fi

# Khóa và known_hosts vào một thư mục tạm chỉ tài khoản này đọc được, xóa khi xong.
umask 077
secrets_dir="$(mktemp -d)"
trap 'rm -rf "$secrets_dir"' EXIT
# Nội dung dán từ Windows có thể mang ký tự CR: ssh không đọc được khóa như thế.
if [ -f "$DEPLOY_SSH_KEY" ]; then
    tr -d '\r' <"$DEPLOY_SSH_KEY" >"$secrets_dir/key"
else
    printf '%s\n' "$DEPLOY_SSH_KEY" | tr -d '\r' >"$secrets_dir/key"
fi
if [ -f "$DEPLOY_KNOWN_HOSTS" ]; then
    tr -d '\r' <"$DEPLOY_KNOWN_HOSTS" >"$secrets_dir/known_hosts"
else
    printf '%s\n' "$DEPLOY_KNOWN_HOSTS" | tr -d '\r' >"$secrets_dir/known_hosts"
fi

# Chỉ nhận máy chủ có trong known_hosts (không hỏi, không tự thêm): một máy chủ giả mạo
# không nhận được trang.
ssh_command="ssh -p $port -i $secrets_dir/key -o IdentitiesOnly=yes -o BatchMode=yes"
ssh_command="$ssh_command -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$secrets_dir/known_hosts"

echo "Đăng trang lên máy chủ riêng…"
# --delay-updates: các tệp mới chỉ thay tệp cũ ở cuối lượt, người xem không gặp trang dở dang;
# --delete-delay: tệp không còn trong site/ bị xóa sau đó. Quyền đọc cho máy chủ web.
status=0
rsync --recursive --links --times --compress --checksum \
    --delete-delay --delay-updates --chmod=D755,F644 \
    -e "$ssh_command" \
    site/ "$DEPLOY_USER@$DEPLOY_HOST:$DEPLOY_PATH/" || status=$?
if [ "$status" -ne 0 ]; then
    echo "lỗi: không đăng được lên máy chủ riêng (rsync dừng với mã $status; dòng ngay trên cho" \
        "biết lý do). Kiểm tra DEPLOY_HOST, DEPLOY_PORT, DEPLOY_USER, khóa DEPLOY_SSH_KEY đã có" \
        "trong authorized_keys trên máy chủ, dòng DEPLOY_KNOWN_HOSTS và quyền ghi vào" \
        "DEPLOY_PATH; $guide. Sửa xong thì chạy lại." >&2
    exit 1
fi
echo "Đã đăng trang lên máy chủ riêng."
