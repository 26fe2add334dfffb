import factory
from django.utils import timezone

from accounts.models import Store, User
from catalog.models import Category, Queue, QueueMembership
from tickets.models import Message, Ticket


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    display_name = factory.LazyAttribute(lambda o: o.username.title())
    role = User.Role.BUYER
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-123")

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
