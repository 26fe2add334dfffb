from datetime import time

import factory
from django.utils import timezone

from accounts.models import Store, StoreMembership, User
from accounts.services import create_store
from catalog.models import BusinessCalendar, Category, OpeningHours, Queue, QueueMembership
from contacts.models import ContactChannel
from faq.models import Article
from tickets.models import Macro, Message, SLAPolicy, Ticket

PASSWORD = "pw-for-tests-123"  # every factory-made account's


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    display_name = factory.LazyAttribute(lambda o: o.username.title())
    role = User.Role.BUYER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        agent = factory.Trait(role=User.Role.AGENT, is_staff=True)
        supervisor = factory.Trait(role=User.Role.SUPERVISOR, is_staff=True)
        seller = factory.Trait(role=User.Role.SELLER)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class QueueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Queue
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"queue-{n}")
    name_ko = factory.LazyAttribute(lambda o: f"큐 {o.slug}")
    name_en = factory.LazyAttribute(lambda o: f"Queue {o.slug}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_ko = factory.LazyAttribute(lambda o: f"분류 {o.slug}")
    name_en = factory.LazyAttribute(lambda o: f"Category {o.slug}")
    queue = factory.SubFactory(QueueFactory)
    fields = factory.LazyFunction(list)


class StoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Store

    name = factory.Sequence(lambda n: f"Store {n}")
    seller_id = factory.Sequence(lambda n: f"store-{n}")
    owner = factory.SubFactory(UserFactory, seller=True)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As the product does: a store comes with its owner's membership of its team.
        return create_store(model_class(*args, **kwargs))


class StoreMembershipFactory(factory.django.DjangoModelFactory):
    """A manager on a store's team (the owner's membership comes with the store)."""

    class Meta:
        model = StoreMembership

    store = factory.SubFactory(StoreFactory)
    user = factory.SubFactory(UserFactory, seller=True)
    role = StoreMembership.Role.MANAGER


def member(user, queue):
    QueueMembership.objects.get_or_create(user=user, queue=queue)
    return user


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket
        skip_postgeneration_save = True  # the hook adds a message; the ticket needs no re-save

    requester = factory.SubFactory(UserFactory)
    requester_name = factory.LazyAttribute(lambda o: str(o.requester) if o.requester else "Guest")
    requester_email = factory.LazyAttribute(
        lambda o: o.requester.email if o.requester else "guest@example.com"
    )
    category = factory.SubFactory(CategoryFactory)
    queue = factory.LazyAttribute(lambda o: o.category.queue)
    subject = factory.Sequence(lambda n: f"Inquiry {n}")
    reference = factory.Sequence(lambda n: f"T-{n:06d}")

    class Params:
        closed = factory.Trait(
            status=Ticket.Status.CLOSED, closed_at=factory.LazyFunction(timezone.now)
        )
        resolved = factory.Trait(
            status=Ticket.Status.RESOLVED, resolved_at=factory.LazyFunction(timezone.now)
        )
        guest = factory.Trait(
            requester=None, guest_token=factory.Sequence(lambda n: f"guest-token-{n:040d}")
        )

    @factory.post_generation
    def first_message(obj, create, extracted, **kwargs):
        if create:
            Message.objects.create(
                ticket=obj, author=obj.requester, author_name=obj.requester_name, body="Hello"
            )


class BusinessCalendarFactory(factory.django.DjangoModelFactory):
    """Opening hours from ``hours``: (weekday, opens hour, closes hour); weekdays 09-18 unless
    given."""

    class Meta:
        model = BusinessCalendar
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"calendar {n}")

    @factory.post_generation
    def hours(obj, create, extracted, **kwargs):
        if create:
            OpeningHours.objects.bulk_create(
                OpeningHours(
                    calendar=obj, weekday=day, opens_at=time(opens), closes_at=time(closes)
                )
                for day, opens, closes in extracted or [(d, 9, 18) for d in range(5)]
            )


class SLAPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SLAPolicy

    priority = "normal"
    first_response_minutes = 480
    next_response_minutes = 960
    resolution_minutes = 1620


class ContactChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactChannel
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"channel-{n}")
    kind = ContactChannel.Kind.ONLINE
    name_ko = factory.LazyAttribute(lambda o: f"창구 {o.slug}")
    name_en = factory.LazyAttribute(lambda o: f"Channel {o.slug}")
    address = "/tickets/new/"

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.categories.set(extracted)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"article-{n}")
    category = factory.SubFactory(CategoryFactory)
    question_ko = factory.LazyAttribute(lambda o: f"질문 {o.slug}")
    question_en = factory.LazyAttribute(lambda o: f"Question {o.slug}")
    answer_ko = factory.LazyAttribute(lambda o: o.question_ko)
    answer_en = factory.LazyAttribute(lambda o: o.question_en)


class MacroFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Macro

    name = factory.Sequence(lambda n: f"Canned response {n}")
    body = "We are on it."
