# Helpers sourced by sourced-stop.sh (test data).
list_guests() {
    xm list | awk 'NR > 1 && $1 != "Domain-0" { print $1 }'
}
