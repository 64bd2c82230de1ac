"""The UMKM registry's models, moved here from the portal app: same tables (portal_*), so
foreign keys, sequences and rows stay as they are."""
import core.crypto
import core.rupiah
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0010_rupiah_fields'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # State only: the tables keep their names and rows; no SQL runs.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Business',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=150, verbose_name='nama usaha')),
                        ('slug', models.SlugField(max_length=170, unique=True)),
                        ('legal_form', models.CharField(choices=[('perorangan', 'Usaha perorangan'), ('ud', 'UD (Usaha Dagang)'), ('cv', 'CV'), ('pt', 'PT'), ('pt_perorangan', 'PT Perorangan'), ('koperasi', 'Koperasi'), ('firma', 'Firma')], default='perorangan', max_length=20, verbose_name='bentuk usaha')),
                        ('nib', models.CharField(blank=True, max_length=13, verbose_name='NIB')),
                        ('npwp', models.CharField(blank=True, max_length=16, verbose_name='NPWP')),
                        ('started_on', models.DateField(blank=True, null=True, verbose_name='mulai usaha')),
                        ('capital', core.rupiah.RupiahField(default=0, verbose_name='modal usaha (Rp, di luar tanah dan bangunan)')),
                        ('annual_sales', core.rupiah.RupiahField(default=0, verbose_name='omzet tahunan (Rp)')),
                        ('size_class', models.CharField(choices=[('mikro', 'Mikro'), ('kecil', 'Kecil'), ('menengah', 'Menengah'), ('besar', 'Besar (bukan UMKM)')], db_index=True, default='mikro', max_length=10, verbose_name='skala usaha')),
                        ('employees', models.PositiveIntegerField(default=1, verbose_name='jumlah tenaga kerja')),
                        ('address', models.CharField(blank=True, max_length=255, verbose_name='alamat')),
                        ('description', models.TextField(blank=True, verbose_name='deskripsi usaha')),
                        ('status', models.CharField(choices=[('draft', 'Draf'), ('submitted', 'Menunggu verifikasi'), ('verified', 'Terverifikasi'), ('needs_changes', 'Perlu perbaikan'), ('rejected', 'Ditolak')], db_index=True, default='draft', max_length=16)),
                        ('status_reason', models.TextField(blank=True, verbose_name='alasan status')),
                        ('registration_number', models.CharField(blank=True, max_length=32, null=True, unique=True)),
                        ('channel', models.CharField(choices=[('online', 'Daring (mandiri)'), ('counter', 'Loket MPP (dibantu petugas)')], default='online', max_length=10)),
                        ('registration_step', models.PositiveSmallIntegerField(default=1, help_text='langkah formulir pendaftaran terakhir yang diisi (untuk melanjutkan draf)')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True)),
                        ('verified_at', models.DateTimeField(blank=True, null=True)),
                        ('personal_data_erased_at', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='businesses', to=settings.AUTH_USER_MODEL)),
                        ('registered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assisted_registrations', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'usaha',
                        'verbose_name_plural': 'usaha',
                        'db_table': 'portal_business',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='BusinessStatusChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_status', models.CharField(blank=True, choices=[('draft', 'Draf'), ('submitted', 'Menunggu verifikasi'), ('verified', 'Terverifikasi'), ('needs_changes', 'Perlu perbaikan'), ('rejected', 'Ditolak')], max_length=16)),
                        ('to_status', models.CharField(choices=[('draft', 'Draf'), ('submitted', 'Menunggu verifikasi'), ('verified', 'Terverifikasi'), ('needs_changes', 'Perlu perbaikan'), ('rejected', 'Ditolak')], max_length=16)),
                        ('reason', models.TextField(blank=True)),
                        ('at', models.DateTimeField(auto_now_add=True)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('business', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='registry.business')),
                    ],
                    options={
                        'db_table': 'portal_businessstatuschange',
                        'ordering': ['at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Certification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('halal', 'Sertifikat Halal'), ('pirt', 'P-IRT'), ('bpom', 'BPOM'), ('sni', 'SNI')], max_length=8, verbose_name='jenis')),
                        ('number', models.CharField(max_length=40, verbose_name='nomor')),
                        ('issued_on', models.DateField(blank=True, null=True, verbose_name='tanggal terbit')),
                        ('expires_on', models.DateField(blank=True, null=True, verbose_name='berlaku sampai')),
                        ('scan', models.FileField(blank=True, upload_to='certifications/%Y/%m/', verbose_name='pindaian dokumen')),
                        ('is_verified', models.BooleanField(default=False, verbose_name='sudah diperiksa petugas')),
                        ('business', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='certifications', to='registry.business')),
                    ],
                    options={
                        'verbose_name': 'sertifikasi',
                        'verbose_name_plural': 'sertifikasi',
                        'db_table': 'portal_certification',
                        'ordering': ['kind', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='Consent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('purpose', models.CharField(db_index=True, max_length=64)),
                        ('recipient', models.CharField(blank=True, help_text='mis. kode bank untuk berbagi data ke bank', max_length=64)),
                        ('text_version', models.CharField(max_length=32)),
                        ('text', models.TextField()),
                        ('granted_at', models.DateTimeField(auto_now_add=True)),
                        ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                        ('business', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='consents', to='registry.business')),
                        ('collected_by', models.ForeignKey(blank=True, help_text='petugas loket yang mencatat persetujuan pemilik', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consents', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'persetujuan',
                        'verbose_name_plural': 'persetujuan',
                        'db_table': 'portal_consent',
                        'ordering': ['-granted_at'],
                    },
                ),
                migrations.CreateModel(
                    name='KbliCode',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('version', models.CharField(default='2020', max_length=4)),
                        ('code', models.CharField(max_length=5)),
                        ('title', models.CharField(max_length=400)),
                        ('section', models.CharField(max_length=1, verbose_name='kategori')),
                    ],
                    options={
                        'verbose_name': 'kode KBLI',
                        'verbose_name_plural': 'kode KBLI',
                        'db_table': 'portal_kblicode',
                        'ordering': ['version', 'code'],
                        'constraints': [models.UniqueConstraint(fields=('version', 'code'), name='kbli_version_code_unique')],
                    },
                ),
                migrations.AddField(
                    model_name='business',
                    name='kbli_codes',
                    field=models.ManyToManyField(blank=True, related_name='businesses', to='registry.kblicode'),
                ),
                migrations.AddField(
                    model_name='business',
                    name='primary_kbli',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.kblicode', verbose_name='KBLI utama'),
                ),
                migrations.CreateModel(
                    name='OwnerProfile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('full_name', models.CharField(max_length=150, verbose_name='nama lengkap')),
                        ('nik', core.crypto.EncryptedTextField(blank=True, verbose_name='NIK')),
                        ('nik_digest', models.CharField(blank=True, db_index=True, editable=False, max_length=64)),
                        ('phone', models.CharField(blank=True, max_length=16, verbose_name='nomor HP/WhatsApp (E.164)')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                        ('allows_whatsapp_contact', models.BooleanField(default=False, verbose_name='tampilkan tombol WhatsApp di profil publik')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('erased_at', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='owner_profile', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'profil pemilik',
                        'verbose_name_plural': 'profil pemilik',
                        'db_table': 'portal_ownerprofile',
                    },
                ),
                migrations.CreateModel(
                    name='Region',
                    fields=[
                        ('code', models.CharField(max_length=13, primary_key=True, serialize=False)),
                        ('name', models.CharField(max_length=120)),
                        ('level', models.CharField(choices=[('province', 'provinsi'), ('kabupaten', 'kabupaten/kota'), ('kecamatan', 'kecamatan'), ('desa', 'desa/kelurahan')], db_index=True, max_length=10)),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='children', to='registry.region')),
                    ],
                    options={
                        'verbose_name': 'wilayah',
                        'verbose_name_plural': 'wilayah',
                        'db_table': 'portal_region',
                        'ordering': ['code'],
                    },
                ),
                migrations.AddField(
                    model_name='business',
                    name='desa',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.region', verbose_name='desa/kelurahan'),
                ),
                migrations.AddField(
                    model_name='business',
                    name='kecamatan',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.region', verbose_name='kecamatan'),
                ),
                migrations.AddIndex(
                    model_name='business',
                    index=models.Index(fields=['status', 'kecamatan'], name='portal_busi_status_487bd5_idx'),
                ),
                migrations.AddIndex(
                    model_name='business',
                    index=models.Index(condition=models.Q(('status', 'verified')), fields=['-verified_at', 'id'], name='business_verified_recent'),
                ),
                migrations.AddConstraint(
                    model_name='business',
                    constraint=models.UniqueConstraint(condition=models.Q(('nib', ''), _negated=True), fields=('nib',), name='business_nib_unique'),
                ),
            ],
            database_operations=[],
        ),
    ]
