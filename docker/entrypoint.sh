#!/bin/sh
# Container start: make the mounted user_data folder usable, then run `freqtrade "$@"`.
#
# Started as root, it gives user_data to the bot's user when Docker created the folder as root
# (an empty folder on the host), then drops to that user for good. As that user it lays out
# user_data (strategies/, the sample strategy, ...) and, for `trade`/`webserver`, writes a new
# config with a fresh API password when none exists yet.
set -eu

FT_USER="${FT_USER:-ftuser}"
USER_DATA="${FT_USER_DATA:-/freqtrade/user_data}"
CONFIG="${FT_CONFIG:-$USER_DATA/config.json}"

if [ "$(id -u)" = "0" ]; then
    as_user="setpriv --reuid=$(id -u "$FT_USER") --regid=$(id -g "$FT_USER") --init-groups"
    mkdir -p "$USER_DATA"
    if ! $as_user test -w "$USER_DATA"; then
        echo "Giving $USER_DATA to $FT_USER (it was not writable for the bot)."
        chown -R "$(id -u "$FT_USER"):$(id -g "$FT_USER")" "$USER_DATA"
    fi
    exec $as_user "$0" "$@"
fi

if [ ! -w "$USER_DATA" ]; then
    echo "$USER_DATA is not writable for uid $(id -u): on the host run" \
         "'sudo chown -R $(id -u):$(id -g) user_data'." >&2
    exit 1
fi
freqtrade create-userdir --userdir "$USER_DATA" >/dev/null

case "${1:-}" in
    trade|webserver)
        if [ -d "$CONFIG" ]; then
            echo "$CONFIG is a folder, not a config file (Docker creates a folder when a" \
                 "mounted file does not exist on the host): remove it and start again." >&2
            exit 1
        fi
        if [ ! -e "$CONFIG" ]; then
            # FT_APP_ENV=docker makes the new config listen on 0.0.0.0
            freqtrade new-config --non-interactive -c "$CONFIG"
            echo "Edit $CONFIG (user_data/config.json on the host) to change it."
        fi
        ;;
esac
exec freqtrade "$@"
