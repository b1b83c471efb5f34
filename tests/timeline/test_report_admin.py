from django.contrib.auth.models import Permission, User

PAGE = "/admin/timeline/event/paste-report/"


def staff_with(*codenames):
    user = User.objects.create_user("staff", password="pw-for-tests-only", is_staff=True)
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def test_the_event_list_links_to_the_page(dataset, admin_client_logged_in):
    page = admin_client_logged_in.get("/admin/timeline/event/").content.decode()
    assert f'href="{PAGE}"' in page


def test_the_page_is_a_shell_over_the_two_report_endpoints(dataset, admin_client_logged_in):
    response = admin_client_logged_in.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-extract-url="/api/v1/reports/extract/"' in page
    assert 'data-reports-url="/api/v1/reports/"' in page
    assert "timeline/admin/paste_report.js" in page
    assert 'id="report-text"' in page
    assert "csrfmiddlewaretoken" in page


def test_staff_who_may_not_add_events_get_no_page_and_no_link(dataset, client):
    client.force_login(staff_with("view_event", "change_event"))
    assert client.get(PAGE).status_code == 403
    assert PAGE not in client.get("/admin/timeline/event/").content.decode()


def test_an_editor_gets_the_page(dataset, client):
    client.force_login(staff_with("view_event", "add_event"))
    assert client.get(PAGE).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(db, client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
